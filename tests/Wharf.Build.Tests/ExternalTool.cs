using System.Diagnostics;

namespace Wharf.Build.Tests;

/// <summary>Runs a real tool (tar, gzip, zstd, mount) for a test and fails with its output when it exits non-zero.</summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TZ"] = "UTC"; // tar lists times in local time
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }

    /// <summary>The synchronous form, for Dispose (unmounting).</summary>
    public static void Run(string fileName, params string[] arguments) => RunAsync(fileName, arguments).GetAwaiter().GetResult();

    /// <summary>True when the tool is on PATH; a test needing it fails rather than skips when CI=true.</summary>
    public static bool Exists(string fileName) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, fileName)));
}
