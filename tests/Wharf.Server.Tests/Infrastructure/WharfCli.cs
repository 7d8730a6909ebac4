using System.Diagnostics;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>wharf</c> command (the Release build of src/Wharf.Cli) as a separate process, with its own
/// environment (e.g. <c>DOCKER_CONFIG</c>) and optional standard input, as a user or a script would.</summary>
public static class WharfCli
{
    /// <summary>Starts <c>wharf ARGS</c> and returns at once, for a test that stops it midway (<see cref="Process.Kill()"/>
    /// is a SIGKILL). Its output is read as it comes, so a full pipe never stalls it, into <paramref name="output"/>
    /// when given (stdout and stderr lines as they arrive).</summary>
    public static async Task<Process> StartAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, System.Text.StringBuilder? output = null, CancellationToken ct = default)
    {
        var dll = await WharfProcess.EnsureCliBuiltAsync(ct);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_NOLOGO"] = "1" },
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo)!;
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (output is not null && e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<ToolResult> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, CancellationToken ct = default)
    {
        var dll = await WharfProcess.EnsureCliBuiltAsync(ct);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_NOLOGO"] = "1" },
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var started = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ExternalTool.DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wharf {string.Join(' ', startInfo.ArgumentList.Skip(1))} did not finish:\n{await stderr}");
        }

        return new ToolResult("wharf " + string.Join(' ', startInfo.ArgumentList.Skip(1)), process.ExitCode, await stdout, await stderr, started.Elapsed);
    }
}
