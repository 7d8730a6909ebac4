using System.Diagnostics;

namespace Wharf.TestKit;

/// <summary>Runs the real command-line tools the end-to-end tests drive (docker, skopeo, podman, buildah) with
/// a time limit, capturing everything they print. A missing tool is a failure with a clear message, never a
/// skip: the project runs every test everywhere, and CI (<c>CI=true</c>) installs the tools first.</summary>
public static class ExternalTool
{
    /// <summary>Generous by default: a 2-core CI machine under a parallel test run is slow.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] ExtraDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="tool"/>; throws (failing the test) when it is not installed.</summary>
    public static string Require(string tool) =>
        Find(tool) ?? throw new InvalidOperationException(
            $"'{tool}' is not installed, and the end-to-end tests drive the real tool. Install the test tools with " +
            $"`sudo scripts/install-test-tools.sh` (Debian 12: docker.io, skopeo, podman, buildah, busybox-static, postgresql…). " +
            (IsCi ? "CI=true: a missing tool is a CI set-up error, not a reason to skip." : "This test fails rather than skips when a tool is missing."));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Concat(PostgresDirectories())
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Debian installs PostgreSQL's server programs (initdb, pg_ctl, postgres) in
    /// <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>, off the PATH; the newest major version first.</summary>
    private static IEnumerable<string> PostgresDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.GetDirectories(root)
            .Select(d => (Directory: d, Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
            .OrderByDescending(d => d.Major)
            .Select(d => Path.Combine(d.Directory, "bin"));
    }

    /// <summary>Runs <paramref name="tool"/> to completion (or kills it at <paramref name="timeout"/>) and returns
    /// what it printed. Does not check the exit code: call <see cref="ToolResult.EnsureSuccess"/>.</summary>
    public static async Task<ToolResult> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(Path.IsPathRooted(tool) ? tool : Require(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var commandLine = Path.GetFileName(startInfo.FileName) + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));
        using var process = new Process { StartInfo = startInfo };
        var started = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();

        // Whole streams, not lines: a test compares bytes such as a raw manifest exactly.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var limit = timeout ?? DefaultTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            var partial = new ToolResult(commandLine, -1, await ReadWithinAsync(stdout), await ReadWithinAsync(stderr), started.Elapsed);
            var why = ct.IsCancellationRequested ? "the test was cancelled" : $"it did not finish within {limit.TotalSeconds:0}s";
            throw new TimeoutException($"killed `{commandLine}`: {why}.\n{partial.Describe()}");
        }

        // A background child that inherited the pipes (an engine started without redirecting them) would keep
        // them open for ever; that is a bug in the caller, reported as such rather than a hang.
        var output = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(output, Task.Delay(TimeSpan.FromSeconds(30), ct)) != output)
        {
            throw new TimeoutException($"`{commandLine}` exited {process.ExitCode}, but a process it started still holds its output open");
        }

        return new ToolResult(commandLine, process.ExitCode, await stdout, await stderr, started.Elapsed);
    }

    private static async Task<string> ReadWithinAsync(Task<string> stream) =>
        await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(5))) == stream ? await stream : "(still open: a child process holds it)\n";

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
