using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Client;

/// <summary>CNCF Distribution 2.8 (Debian's <c>docker-registry</c>) on a free loopback port with a temporary filesystem
/// storage directory, deletes enabled, and the <c>auth</c> section the test asks for (none, htpasswd, token).
/// Fails (never skips) when the binary is missing.</summary>
public sealed class DistributionRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private DistributionRegistry(Process process, StringBuilder log, string directory, int port)
    {
        _process = process;
        _log = log;
        Directory = directory;
        Port = port;
    }

    /// <summary>Where the configuration, storage and any auth files live.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"http://{HostPort}/");

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

    /// <param name="auth">YAML of the <c>auth:</c> section's body (indented by two spaces), or null for none;
    /// <c>{dir}</c> in it stands for <see cref="Directory"/>.</param>
    /// <param name="prepare">Writes files the auth section names (an htpasswd file, a certificate) into the directory.</param>
    public static async Task<DistributionRegistry> StartAsync(string? auth = null, Action<string>? prepare = null)
    {
        var binary = ExternalTool.Require("docker-registry");
        var directory = System.IO.Directory.CreateTempSubdirectory("wharf-distribution-").FullName;
        prepare?.Invoke(directory);
        var port = FreePort();
        var config = $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {directory}/data
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: wharf-client-tests
            """;
        if (auth is not null)
        {
            config += "\nauth:\n" + auth.Replace("{dir}", directory, StringComparison.Ordinal) + "\n";
        }

        var configPath = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(configPath, config);
        var log = new StringBuilder();
        var process = new Process { StartInfo = new ProcessStartInfo(binary, ["serve", configPath]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false } };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DistributionRegistry(process, log, directory, port);
        await registry.WaitUntilListeningAsync();
        return registry;
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "v2/"), TestContext.Current.CancellationToken);
                return; // any answer (200, or 401 with auth) means it is serving
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
