using System.Net;

namespace Wharf.Bench;

/// <summary>One registry under test: its name, loopback address, server process and HTTP client.</summary>
internal sealed class BenchTarget : IDisposable
{
    /// <summary>The environment variable holding "user:password" for targets with an <c>auth=</c> option; kept out of
    /// the command line (and out of BENCH_*, which the report prints).</summary>
    public const string CredentialsVariable = "WHARF_BENCH_CREDENTIALS";

    private BenchTarget(string name, Uri? baseUri, IReadOnlyList<int> pids, string? unavailable, RegistryAuth auth = RegistryAuth.None,
        IReadOnlyList<Uri>? metricsUrls = null)
    {
        Name = name;
        BaseUri = baseUri ?? new Uri("http://127.0.0.1:1/");
        Pids = pids;
        MetricsUrls = metricsUrls ?? [];
        Unavailable = unavailable;
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
        };
        HttpMessageHandler handler = sockets;
        if (auth != RegistryAuth.None)
        {
            var credentials = Environment.GetEnvironmentVariable(CredentialsVariable) ?? "";
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"target '{name}' has auth={auth.ToString().ToLowerInvariant()}: set {CredentialsVariable}=user:password");
            }
            Auth = new RegistryAuthHandler(auth, credentials[..colon], credentials[(colon + 1)..]) { InnerHandler = sockets };
            handler = Auth;
        }
        Http = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>"wharf", "distribution", "wharf-3nodes"…</summary>
    public string Name { get; }

    public Uri BaseUri { get; }

    /// <summary>The server processes (several for nodes behind a balancer, which is not one of them), for VmHWM and
    /// CPU time; empty when not known.</summary>
    public IReadOnlyList<int> Pids { get; }

    /// <summary>Why this registry could not be benchmarked at all (did not build, did not start), or null.</summary>
    public string? Unavailable { get; set; }

    public HttpClient Http { get; }

    /// <summary>What adds credentials to every request, or null for a target without auth.</summary>
    public RegistryAuthHandler? Auth { get; }

    public ProtocolNotes Notes { get; } = new();

    /// <summary>Where the server's Prometheus metrics are (one per node), for <see cref="OperationProfile"/>; empty when
    /// it has none. A Wharf target's own <c>/metrics</c> unless the target names its nodes' ports (<c>metrics=P1+P2</c>).</summary>
    public IReadOnlyList<Uri> MetricsUrls { get; }

    /// <summary>The highest VmHWM (KiB) of any one server process seen so far, kept across the resets of workloads 1 and 8.</summary>
    public long PeakKiB { get; private set; }

    public void NotePeakKiB(long kib) => PeakKiB = Math.Max(PeakKiB, kib);

    public bool IsAlive => Pids.All(pid => Directory.Exists($"/proc/{pid}"));

    /// <summary>Parses "name=http://127.0.0.1:PORT[,pid=N[+M…]][,metrics=P[+Q…]][,auth=basic|token]"; only 127.0.0.1 is
    /// accepted.</summary>
    public static BenchTarget Parse(string spec)
    {
        var (name, rest) = SplitName(spec);
        List<int> pids = [];
        List<Uri>? metrics = null;
        var auth = RegistryAuth.None;
        var parts = rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("pid=", StringComparison.Ordinal))
            {
                foreach (var one in part[4..].Split('+'))
                {
                    pids.Add(int.TryParse(one, out var p) && p > 0 ? p : throw new ArgumentException($"bad pid '{one}' in '{spec}'"));
                }
            }
            else if (part.StartsWith("metrics=", StringComparison.Ordinal))
            {
                metrics = [.. part[8..].Split('+').Select(port => int.TryParse(port, out var p) && p is > 0 and < 65536
                    ? new Uri($"http://127.0.0.1:{p}/metrics")
                    : throw new ArgumentException($"bad metrics port '{port}' in '{spec}'"))];
            }
            else if (part is "auth=basic" or "auth=token")
            {
                auth = part == "auth=basic" ? RegistryAuth.Basic : RegistryAuth.Token;
            }
            else
            {
                throw new ArgumentException($"bad target option '{part}' in '{spec}'");
            }
        }
        if (parts.Length == 0 || !Uri.TryCreate(parts[0], UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            throw new ArgumentException($"bad target URL in '{spec}'");
        }
        if (uri.Host != "127.0.0.1")
        {
            throw new ArgumentException($"target '{name}' must listen on 127.0.0.1, not {uri.Host}");
        }
        var baseUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
        metrics ??= name.StartsWith("wharf", StringComparison.Ordinal) ? [new Uri(baseUri, "/metrics")] : [];
        return new BenchTarget(name, baseUri, pids, null, auth, metrics);
    }

    /// <summary>Parses "name=reason" for a registry that could not be started.</summary>
    public static BenchTarget ParseUnavailable(string spec)
    {
        var (name, reason) = SplitName(spec);
        return new BenchTarget(name, null, [], reason.Length == 0 ? "not available" : reason);
    }

    public Uri Url(string pathAndQuery) => new(BaseUri.GetLeftPart(UriPartial.Authority) + pathAndQuery);

    /// <summary>Resolves a Location or Link target; refuses anything that leaves this registry's loopback address.</summary>
    public Uri Resolve(string location)
    {
        if (location.StartsWith('/'))
        {
            return Url(location);
        }
        var uri = new Uri(location, UriKind.Absolute);
        if (uri.Host != "127.0.0.1")
        {
            throw new HttpFailure("redirect", 0, "refused", $"points away from loopback: {location}");
        }
        return uri;
    }

    public void Dispose() => Http.Dispose();

    private static (string Name, string Value) SplitName(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0
            ? throw new ArgumentException($"expected name=value, got '{spec}'")
            : (spec[..equals].Trim().ToLowerInvariant(), spec[(equals + 1)..].Trim());
    }
}
