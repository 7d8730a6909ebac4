using System.Diagnostics;
using System.Text;

namespace Wharf.Server.Tests.Cluster;

/// <summary>HAProxy (Debian's package) running docs/deploy/haproxy.cfg unchanged in the foreground (<c>-db</c>), its
/// <c>"${NAME}"</c> values given in its environment as <c>/etc/default/haproxy</c> gives them under systemd. Its log
/// (one line per request, naming the node that served it) is kept for assertion messages, and its stats page says what
/// it thinks of each node.</summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private const int MaxLog = 4_000_000;
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _stats;

    private HaproxyProcess(Process process, Uri statsAddress)
    {
        _process = process;
        _stats = new HttpClient { BaseAddress = statsAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The stats frontend: the page at <c>/</c>, HAProxy's Prometheus metrics at <c>/metrics</c>.</summary>
    public Uri StatsAddress => _stats.BaseAddress!;

    /// <summary>Everything HAProxy printed (the tail of it, past a few MB).</summary>
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

    /// <summary>Checks the configuration (<c>haproxy -c</c>), starts HAProxy and waits until its stats page answers.</summary>
    public static async Task<HaproxyProcess> StartAsync(IReadOnlyDictionary<string, string> environment, Uri statsAddress, CancellationToken ct)
    {
        var haproxy = ExternalTool.Require("haproxy");
        (await ExternalTool.RunAsync(haproxy, ["-c", "-f", DeployFiles.HaproxyConfig], environment, ct: ct)).EnsureSuccess();
        var startInfo = new ProcessStartInfo(haproxy)
        {
            ArgumentList = { "-db", "-f", DeployFiles.HaproxyConfig },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var balancer = new HaproxyProcess(process, statsAddress);
        process.OutputDataReceived += (_, e) => balancer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => balancer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var started = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"haproxy exited with {process.ExitCode}:\n{balancer.Log}");
                }

                try
                {
                    await balancer.ServerStatesAsync(ct);
                    return balancer;
                }
                catch (HttpRequestException) when (started.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100, ct);
                }
            }
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each server of the <c>wharf</c> backend and its status on the stats page: <c>UP</c>, <c>DOWN</c>, or a
    /// transition such as <c>UP 1/2</c>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatesAsync(CancellationToken ct)
    {
        var csv = (await _stats.GetStringAsync(";csv", ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].TrimStart('#', ' ').Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var (proxy, server, status) = (Column("pxname"), Column("svname"), Column("status"));
        return csv.Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields[proxy] == "wharf" && fields[server] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(fields => fields[server], fields => fields[status], StringComparer.Ordinal);
    }

    /// <summary>Waits until HAProxy reports <paramref name="server"/> as exactly <paramref name="status"/>; returns how
    /// long that took.</summary>
    public async Task<TimeSpan> WaitForStatusAsync(string server, string status, TimeSpan limit, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var states = await ServerStatesAsync(ct);
            if (states.GetValueOrDefault(server) == status)
            {
                return waited.Elapsed;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"HAProxy still reports {server} as '{states.GetValueOrDefault(server)}' after {limit.TotalSeconds:0} s, not {status}");
            }

            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stats.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length > MaxLog)
            {
                _log.Remove(0, _log.Length / 2);
            }

            _log.AppendLine(line);
        }
    }
}
