using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>Wharf as a separate process, exactly as deployed: <c>dotnet wharf.dll serve --listen … --data-dir …</c>,
/// so a test can kill it with SIGKILL and start it again on the same data directory. The CLI is taken from
/// src/Wharf.Cli/bin/&lt;this configuration&gt;, and built there first when missing or older than the server
/// code these tests were built with.</summary>
public sealed class WharfProcess : IAsyncDisposable
{
    /// <summary>Held while a build of src/Wharf.Cli (or a publish, NativeClientFixture) writes its outputs.</summary>
    internal static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static readonly string[] SharedAssemblies = ["Wharf.Server.dll", "Wharf.Registry.dll", "Wharf.Oci.dll"];
    private readonly Process _process;
    private readonly StringBuilder _log;

    private WharfProcess(Process process, StringBuilder log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:PORT/, or what <see cref="WharfLaunch.BaseAddress"/> said.</summary>
    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server printed so far (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <c>wharf serve</c> on a free loopback port and waits until <c>/healthz</c> answers.
    /// <paramref name="environment"/> adds variables (<c>WHARF_Auth__Enabled</c>, say) to the process's.</summary>
    public static Task<WharfProcess> StartAsync(string dataDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync(new WharfLaunch(dataDirectory) { Environment = environment }, ct);

    /// <summary>Starts <c>wharf serve</c> as <paramref name="launch"/> says (extra flags, another listen address, a
    /// command to run it under, a TLS health check) and waits until <c>/healthz</c> answers.</summary>
    public static async Task<WharfProcess> StartAsync(WharfLaunch launch, CancellationToken ct)
    {
        var dll = await EnsureCliBuiltAsync(ct);
        var listen = launch.Listen ?? $"127.0.0.1:{FreePort()}";
        var log = new StringBuilder();
        List<string> command = [.. launch.Prefix, "dotnet", dll, "serve", "--listen", listen, "--data-dir", launch.DataDirectory, .. launch.Arguments];
        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Auth off as in WharfServer, unless the caller's environment turns it on.
            Environment = { ["WHARF_Logging__LogLevel__Default"] = "Warning", ["WHARF_Auth__Enabled"] = "false", ["DOTNET_NOLOGO"] = "1" },
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in launch.Environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new WharfProcess(process, log, launch.BaseAddress ?? new Uri($"http://{listen}/"));
        try
        {
            await server.WaitUntilHealthyAsync(launch.Handler, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, open requests cut off mid-stream.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>SIGTERM, as a service manager stops it: returns the exit code once the process has ended.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(CancellationToken.None);
        }

        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(Func<HttpMessageHandler>? handler, CancellationToken ct)
    {
        using var client = new HttpClient(handler?.Invoke() ?? new HttpClientHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                // HasExited does not wait for the output readers; WaitForExitAsync waits for both streams' end, so the
                // log holds the line that says why (it was once empty under load).
                await _process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"wharf serve exited with {_process.ExitCode} during start-up:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync("healthz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // One slow answer during start-up.
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"wharf serve did not answer /healthz within 60s:\n{Log}");
    }

    private static bool s_builtThisRun;

    internal static async Task<string> EnsureCliBuiltAsync(CancellationToken ct)
    {
        var configuration = SourceTree.Configuration;
        var output = Path.Combine(SourceTree.Root, "src", "Wharf.Cli", "bin", configuration, "net10.0");
        var dll = Path.Combine(output, "wharf.dll");
        await BuildLock.WaitAsync(ct);
        try
        {
            // Built once per test run (an up-to-date build takes seconds), because a change to the CLI's own code
            // does not show in the shared assemblies IsCurrent compares.
            if (!s_builtThisRun || !IsCurrent(output))
            {
                var project = Path.Combine(SourceTree.Root, "src", "Wharf.Cli", "Wharf.Cli.csproj");
                var build = await ExternalTool.RunAsync("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "quiet"],
                    timeout: TimeSpan.FromMinutes(5), ct: ct);
                build.EnsureSuccess();
                if (!IsCurrent(output))
                {
                    throw new InvalidOperationException($"built {dll}, but its server assemblies still differ from the ones these tests were built with");
                }

                s_builtThisRun = true;
            }

            return dll;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>The CLI runs the same server code as the tests when its copies of the shared assemblies are
    /// byte-identical to the test's (builds are deterministic).</summary>
    private static bool IsCurrent(string cliOutput) =>
        File.Exists(Path.Combine(cliOutput, "wharf.dll"))
        && SharedAssemblies.All(name =>
        {
            var cli = Path.Combine(cliOutput, name);
            var ours = Path.Combine(AppContext.BaseDirectory, name);
            return File.Exists(cli) && File.Exists(ours) && Hash(cli).SequenceEqual(Hash(ours));
        });

    private static byte[] Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            // Enough to explain a failure; a runaway log must not eat the test's memory.
            if (log.Length < 1_000_000)
            {
                log.AppendLine(line);
            }
        }
    }
}
