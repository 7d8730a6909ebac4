using System.Net.Http.Headers;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Observability;

namespace Wharf.Server.Tests.Cluster;

/// <summary>One node of a <see cref="WharfCluster"/>: <c>wharf serve</c> as a real process with the settings of
/// docs/deploy/wharf.env, on a fixed loopback port (the balancer's configuration names it), so that it can be killed
/// and started again where HAProxy expects it.</summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _dataDirectory;
    private readonly List<string> _previousLogs = [];
    private WharfProcess? _process;

    public ClusterNode(string name, int port, int metricsPort, IReadOnlyDictionary<string, string> environment, string dataDirectory)
    {
        Name = name;
        Port = port;
        MetricsPort = metricsPort;
        _environment = environment;
        _dataDirectory = dataDirectory;
    }

    /// <summary><c>node1</c>…: the server's name in haproxy.cfg.</summary>
    public string Name { get; }

    public int Port { get; }

    public int MetricsPort { get; }

    /// <summary>The node itself, bypassing the balancer.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public Uri MetricsAddress => new($"http://127.0.0.1:{MetricsPort}/");

    /// <summary>Its settings: docs/deploy/wharf.env with this machine's values (<see cref="NodeSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Its <c>--data-dir</c> (the unit's <c>StateDirectory</c>).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Whether its process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What this node printed, over every start.</summary>
    public string Log => string.Join("\n--- restarted ---\n", [.. _previousLogs, _process?.Log ?? ""]);

    /// <summary>Starts the node (again) and waits until it answers <c>/healthz</c>.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (_process is not null)
        {
            _previousLogs.Add(_process.Log);
            await _process.DisposeAsync();
        }

        // The unit's ExecStart is "wharf serve --data-dir DIR"; WharfProcess passes both, and --listen with the same
        // address as WHARF_urls (WharfProcess always names one).
        _process = await WharfProcess.StartAsync(
            new WharfLaunch(_dataDirectory) { Listen = $"127.0.0.1:{Port}", Environment = _environment },
            ct);
    }

    /// <summary>SIGTERM, as <c>systemctl stop</c> sends it; returns once the process has exited, with its exit code.</summary>
    public Task<int> TerminateAsync() => _process!.TerminateAsync(TimeSpan.FromSeconds(45));

    /// <summary>SIGKILL.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>A client for this node alone, sending <paramref name="token"/> as a bearer token when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The node's <c>/metrics</c> now.</summary>
    public async Task<PrometheusScrape> ScrapeAsync()
    {
        using var client = new HttpClient { BaseAddress = MetricsAddress, Timeout = TimeSpan.FromSeconds(30) };
        return await PrometheusScrape.TakeAsync(client, "metrics");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
