using System.Diagnostics;

namespace Wharf.Build.Sources;

/// <summary>Runs the git CLI for ADD's git sources as BuildKit runs it (util/gitutil): nothing prompts, no system or
/// user configuration is read, only network transports are allowed (git itself refuses a redirect or a submodule to
/// <c>file://</c> or <c>ext::</c>), ssh reads no config file and never asks, files are made under umask 022 (a
/// checkout's files are 644, executables 755, directories 755, as the reference says), the proxy variables pass
/// through, and the ssh agent is only the one the build was given. A failure is git's last line of complaint with
/// URLs redacted.</summary>
internal sealed class GitCli(string workingDirectory, string? sshAuthSocket)
{
    private static readonly string[] ProxyVariables =
        ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy"];

    /// <summary>git's standard output; <see cref="GitSourceException"/> when it fails.</summary>
    public async Task<string> RunAsync(CancellationToken ct, params string[] arguments)
    {
        var (exit, output, error) = await GitAsync(arguments, ct);
        return exit == 0 ? output : throw new GitSourceException($"git {arguments[0]} failed: {error}");
    }

    /// <summary>Null when git succeeded, else its last line of complaint.</summary>
    public async Task<string?> TryRunAsync(CancellationToken ct, params string[] arguments)
    {
        var (exit, _, error) = await GitAsync(arguments, ct);
        return exit == 0 ? null : error;
    }

    private async Task<(int Exit, string Output, string Error)> GitAsync(string[] arguments, CancellationToken ct)
    {
        // sh sets the umask: .NET cannot set one for a child alone.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in (string[])["-c", "umask 022 && exec git \"$@\"", "git", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_ALLOW_PROTOCOL"] = "http:https:ssh:git";
        start.Environment["GIT_SSH_COMMAND"] = "ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = "/dev/null";
        start.Environment["LC_ALL"] = "C";
        foreach (var name in ProxyVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        if (sshAuthSocket is not null)
        {
            start.Environment["SSH_AUTH_SOCK"] = sshAuthSocket;
        }

        using var process = Process.Start(start) ?? throw new GitSourceException("git could not be started");
        using var kill = ct.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        if (process.ExitCode == 127)
        {
            throw new GitSourceException("git is not installed where this build runs: ADD of a git repository needs the git CLI");
        }

        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // git's messages can quote the remote's URL, credentials and all.
        var last = lines.Length == 0 ? $"exit code {process.ExitCode}"
            : string.Join(' ', lines[^1].Split(' ').Select(w => w.Contains("://", StringComparison.Ordinal) ? GitSourceRef.Redact(w.Trim('\'', '"')) : w));
        return (process.ExitCode, await output, last);
    }
}
