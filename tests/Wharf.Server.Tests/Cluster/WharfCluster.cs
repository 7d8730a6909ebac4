using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Tls;

namespace Wharf.Server.Tests.Cluster;

/// <summary>Wharf as docs/deploy.md sets it up: three <c>wharf serve</c> processes (<see cref="ClusterNode"/>) on one
/// PostgreSQL database (a schema of the assembly's <see cref="PostgresCluster"/>) and one S3 bucket (the assembly's Ceph
/// gateway), with auth on, behind HAProxy (<see cref="HaproxyProcess"/>) that terminates TLS with a certificate of the
/// test's own CA for a host name in <c>/etc/hosts</c>. The nodes start together on the empty database, as a fresh
/// deployment's would.</summary>
internal sealed class WharfCluster : IAsyncDisposable
{
    public const string AdminPassword = "cluster-admin-password";

    private readonly ScratchDirectory _scratch = new();
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.CreateRoot("Wharf cluster test root");
    private readonly List<ClusterNode> _nodes = [];
    private readonly List<(string Step, TimeSpan Took)> _steps = [];
    private HostsFileEntry? _name;
    private HaproxyProcess? _balancer;

    private WharfCluster()
    {
    }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public HaproxyProcess Balancer => _balancer ?? throw new InvalidOperationException("the cluster is not running");

    /// <summary><c>NAME:PORT</c> of the balancer, as clients write it in image references.</summary>
    public string Host { get; private set; } = "";

    /// <summary><c>https://NAME:PORT/</c>.</summary>
    public Uri PublicAddress => new($"https://{Host}/");

    /// <summary>A directory holding the test CA as <c>ca.crt</c>: podman's and skopeo's <c>--cert-dir</c>.</summary>
    public string CertificateDirectory => _scratch.File("certs");

    public X509Certificate2 Root => _ca.Root;

    /// <summary>The metadata database (the test's schema), for a test that looks at the rows themselves.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    public S3Gateway S3 { get; private set; } = null!;

    public string Bucket { get; private set; } = "";

    /// <summary>This cluster's key prefix in <see cref="Bucket"/>.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>From the first step to every node reported up by HAProxy.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>How long each step of the start took, for the test output.</summary>
    public string StartupSteps => string.Join(", ", _steps.Select(s => $"{s.Step} {s.Took.TotalSeconds:0.0} s"));

    /// <summary>Every node's and the balancer's output, for assertion messages.</summary>
    public string Logs => string.Join("\n", _nodes.Select(n => $"--- {n.Name} ---\n{n.Log}")) + $"\n--- haproxy ---\n{_balancer?.Log}";

    /// <param name="extra">Settings added to every node's documented ones (e.g. a garbage collector that runs every second).</param>
    public static async Task<WharfCluster> StartAsync(
        PostgresCluster postgres, CephFixture ceph, Type owner, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var cluster = new WharfCluster();
        try
        {
            await cluster.LaunchAsync(postgres, ceph, owner, extra ?? new Dictionary<string, string>(), ct);
            cluster.StartupTime = started.Elapsed;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of the balancer that trusts the test CA, sending <paramref name="token"/> when given.</summary>
    public HttpClient PublicClient(string? token = null, int maxConnections = 16)
    {
        var handler = PinnedTls.Handler(_ca.Root);
        handler.MaxConnectionsPerServer = maxConnections;
        var client = new HttpClient(handler) { BaseAddress = PublicAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>An access token for <c>admin</c> from the token endpoint of <paramref name="via"/> (the balancer, or one
    /// node's own address), granting <paramref name="scopes"/> (<c>repository:NAME:pull,push</c>).</summary>
    public async Task<string> TokenAsync(Uri via, params string[] scopes)
    {
        using var client = via == PublicAddress ? PublicClient() : new HttpClient { BaseAddress = via };
        var query = string.Concat(scopes.Select(s => $"&scope={Uri.EscapeDataString(s)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"auth/token?service=wharf{query}");
        request.Headers.Authorization = BasicAuth.Header("admin", AdminPassword);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {via}auth/token answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    /// <summary>Waits until a Go program that read /etc/hosts before the cluster's name was added (dockerd) reads it again.</summary>
    public Task SettleForGoAsync(CancellationToken ct) => _name!.SettleForGoAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _name?.Dispose();
        _scratch.Dispose();
        _ca.Dispose();
    }

    private async Task LaunchAsync(PostgresCluster postgres, CephFixture ceph, Type owner, IReadOnlyDictionary<string, string> extra, CancellationToken ct)
    {
        _name = HostsFileEntry.Add(HostsFileEntry.NewName("wharf-cluster"), IPAddress.Loopback);
        Host = $"{_name.Name}:{WharfProcess.FreePort()}";
        Directory.CreateDirectory(CertificateDirectory);
        _ca.WriteRoot(Path.Combine(CertificateDirectory, "ca.crt"));
        var issued = _ca.Issue(_name.Name);
        // HAProxy's crt: the certificate, its intermediates, then the key, in one file.
        var pem = _scratch.File("haproxy.pem");
        await File.WriteAllTextAsync(pem, issued.FullChainPem + issued.KeyPem + "\n", ct);

        var step = Stopwatch.StartNew();
        DatabaseConnectionString = await postgres.CreateSchemaAsync(ct);
        S3 = await ceph.StartAsync(ct);
        Bucket = await ceph.BucketAsync(owner, ct);
        _steps.Add(("database and bucket (Ceph started if need be)", step.Elapsed));
        Prefix = $"cluster-{Guid.NewGuid():N}/";
        for (var i = 1; i <= 3; i++)
        {
            var (port, metricsPort) = (WharfProcess.FreePort(), WharfProcess.FreePort());
            var settings = new NodeSettings
            {
                Listen = $"127.0.0.1:{port}",
                MetricsListen = $"127.0.0.1:{metricsPort}",
                Database = DatabaseConnectionString,
                S3 = S3,
                Bucket = Bucket,
                Prefix = Prefix,
                PublicAddress = PublicAddress,
                AdminPassword = AdminPassword,
                Extra = extra,
            };
            _nodes.Add(new ClusterNode($"node{i}", port, metricsPort, settings.Environment(), Directory.CreateDirectory(_scratch.File($"node{i}")).FullName));
        }

        step.Restart();
        await WharfProcess.EnsureCliBuiltAsync(ct);
        _steps.Add(("wharf CLI build check", step.Elapsed));
        step.Restart();
        await Task.WhenAll(_nodes.Select(n => n.StartAsync(ct)));
        _steps.Add(("three nodes", step.Elapsed));
        step.Restart();

        var stats = new Uri($"http://127.0.0.1:{WharfProcess.FreePort()}/");
        _balancer = await HaproxyProcess.StartAsync(BalancerEnvironment(pem, stats), stats, ct);
        foreach (var node in _nodes)
        {
            await _balancer.WaitForStatusAsync(node.Name, "UP", TimeSpan.FromSeconds(30), ct);
        }

        _steps.Add(("haproxy, all nodes up", step.Elapsed));
    }

    /// <summary>The variables of docs/deploy/haproxy.default, with this machine's values: the same names, or the file
    /// and the configuration have drifted apart.</summary>
    private Dictionary<string, string> BalancerEnvironment(string pem, Uri stats)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WHARF_PUBLIC_BIND"] = $"127.0.0.1:{PublicAddress.Port}",
            ["WHARF_TLS_PEM"] = pem,
            ["WHARF_NODE1"] = $"127.0.0.1:{_nodes[0].Port}",
            ["WHARF_NODE2"] = $"127.0.0.1:{_nodes[1].Port}",
            ["WHARF_NODE3"] = $"127.0.0.1:{_nodes[2].Port}",
            ["HAPROXY_STATS_BIND"] = $"127.0.0.1:{stats.Port}",
        };
        var documented = DeployFiles.ReadEnvironmentFile(DeployFiles.HaproxyDefaults).Keys.Order(StringComparer.Ordinal);
        Assert.Equal(documented, values.Keys.Order(StringComparer.Ordinal));
        return values;
    }
}
