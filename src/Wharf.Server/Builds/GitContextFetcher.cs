using System.Diagnostics;
using System.Globalization;
using Wharf.Build;
using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>Fetches a git context with the <c>git</c> CLI into an empty directory: one commit, shallow when the remote
/// allows fetching the ref that way (a branch, a tag, or a commit on servers that allow it), else the remote's branches
/// and tags, then the ref resolved and checked out detached. Transports are limited to <c>Builds:GitProtocols</c> by git
/// itself (<c>GIT_ALLOW_PROTOCOL</c>, which also covers redirects), nothing prompts for a password, and <c>.git</c> is
/// removed afterwards: a build sees the tree, not the history.</summary>
public static class GitContextFetcher
{
    /// <summary>Clones into <paramref name="directory"/> and returns the commit the ref resolved to and its commit time
    /// (the build's reproducible epoch).</summary>
    public static async Task<(string Commit, long CommitTime)> FetchAsync(
        GitContext git, string directory, IReadOnlyCollection<string> protocols, IBuildLog log, CancellationToken ct)
    {
        var shown = GitUrls.Redact(git.Url);
        if (GitUrls.Protocol(git.Url) is not { } protocol || !protocols.Contains(protocol))
        {
            throw new BuildContextException($"git URL {shown}: its transport is not allowed here (Builds:GitProtocols: {string.Join(", ", protocols)})");
        }

        var reference = git.Ref ?? "HEAD";
        if (reference.StartsWith('-'))
        {
            throw new BuildContextException($"git ref '{reference}' is not a branch, tag or commit name");
        }

        log.Line($"fetching {shown} at {reference}");
        await RunAsync(directory, protocols, ct, "init", "-q");
        await RunAsync(directory, protocols, ct, "remote", "add", "origin", git.Url);
        if (await TryRunAsync(directory, protocols, ct, "fetch", "-q", "--depth", "1", "--no-tags", "origin", reference) is not null)
        {
            // Not fetchable shallowly (a commit the server will not serve by id): fetch branches and tags, resolve locally.
            var failure = await TryRunAsync(directory, protocols, ct, "fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            if (failure is not null)
            {
                throw new BuildContextException($"git fetch of {shown} failed: {failure}");
            }

            var resolved = await TryRunAsync(directory, protocols, ct, "rev-parse", "-q", "--verify", $"{reference}^{{commit}}") is null
                ? reference
                : await TryRunAsync(directory, protocols, ct, "rev-parse", "-q", "--verify", $"origin/{reference}^{{commit}}") is null
                    ? $"origin/{reference}"
                    : throw new BuildContextException($"git ref '{reference}' is not a branch, tag or commit of {shown}");
            await RunAsync(directory, protocols, ct, "checkout", "-q", "--detach", resolved);
        }
        else
        {
            await RunAsync(directory, protocols, ct, "checkout", "-q", "--detach", "FETCH_HEAD");
        }

        var commit = (await RunAsync(directory, protocols, ct, "rev-parse", "HEAD")).Trim();
        var time = long.Parse((await RunAsync(directory, protocols, ct, "log", "-1", "--format=%ct")).Trim(), CultureInfo.InvariantCulture);
        Directory.Delete(Path.Combine(directory, ".git"), recursive: true);
        log.Line($"checked out {commit}");
        return (commit, time);
    }

    /// <summary>The branch the remote's HEAD names (<c>git ls-remote --symref URL HEAD</c>): its default branch.</summary>
    public static async Task<string> DefaultBranchAsync(string url, IReadOnlyCollection<string> protocols, CancellationToken ct)
    {
        var output = await RunAsync(Path.GetTempPath(), protocols, ct, "ls-remote", "--symref", "--", url, "HEAD");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("ref: refs/heads/", StringComparison.Ordinal) && l.EndsWith("\tHEAD", StringComparison.Ordinal));
        return line is null
            ? throw new BuildContextException($"{GitUrls.Redact(url)} names no default branch (its HEAD is not a branch)")
            : line["ref: refs/heads/".Length..^"\tHEAD".Length];
    }

    /// <summary>The remote's branches and tags (<c>git ls-remote --heads --tags</c>): full ref → commit, an annotated
    /// tag by the commit it points at.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ListRefsAsync(string url, IReadOnlyCollection<string> protocols, CancellationToken ct)
    {
        var output = await RunAsync(Path.GetTempPath(), protocols, ct, "ls-remote", "--heads", "--tags", "--", url);
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var (commit, name) = (line[..tab], line[(tab + 1)..]);
            if (name.EndsWith("^{}", StringComparison.Ordinal))
            {
                refs[name[..^3]] = commit; // the peeled tag: the commit, not the tag object
            }
            else
            {
                refs.TryAdd(name, commit);
            }
        }

        return refs;
    }

    private static async Task<string> RunAsync(string directory, IReadOnlyCollection<string> protocols, CancellationToken ct, params string[] arguments)
    {
        var (exit, output, error) = await GitAsync(directory, protocols, arguments, ct);
        return exit == 0 ? output : throw new BuildContextException($"git {arguments[0]} failed: {error}");
    }

    /// <summary>Null when git succeeded, else its last line of complaint.</summary>
    private static async Task<string?> TryRunAsync(string directory, IReadOnlyCollection<string> protocols, CancellationToken ct, params string[] arguments)
    {
        var (exit, _, error) = await GitAsync(directory, protocols, arguments, ct);
        return exit == 0 ? null : error;
    }

    private static async Task<(int Exit, string Output, string Error)> GitAsync(
        string directory, IReadOnlyCollection<string> protocols, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_ALLOW_PROTOCOL"] = string.Join(':', protocols);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BuildContextException("git could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildContextException("git is not installed where this build runs: a git context needs the git CLI", e);
        }

        using var owned = process;
        using var kill = ct.Register(() => process.Kill(entireProcessTree: true));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // git's messages can quote the remote's URL, credentials and all.
        var last = lines.Length == 0 ? $"exit code {process.ExitCode}" : RedactUrls(lines[^1]);
        return (process.ExitCode, await output, last);
    }

    private static string RedactUrls(string line) =>
        string.Join(' ', line.Split(' ').Select(word => word.Contains("://", StringComparison.Ordinal) ? GitUrls.Redact(word.Trim('\'', '"')) : word));
}
