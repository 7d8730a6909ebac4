using System.Net;
using System.Net.Sockets;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Observability;

/// <summary><c>Metrics:Enabled</c> and <c>Metrics:Listen</c>: the scrape off, or on a listener of its own that serves
/// nothing of the registry while the registry's listener no longer serves the scrape.</summary>
[Collection(nameof(HostMetricsIsolation))]
public sealed class MetricsListenerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_the_registry_listener_serves_the_scrape_as_prometheus_text()
    {
        await using var server = await WharfServer.StartAsync();
        (await server.Client.GetAsync("/v2/", Ct)).Dispose();

        using var response = await server.Client.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_metrics_are_not_served()
    {
        await using var server = await WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });

        using var response = await server.Client.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/readyz", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_separate_listener_serves_the_scrape_and_probes_only()
    {
        var port = FreePort();
        await using var server = await WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:Listen"] = $"127.0.0.1:{port}" });
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/", Ct)).StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await metrics.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        Assert.Equal("ready", await metrics.GetStringAsync("/readyz", Ct));
        Assert.Equal("ok", await metrics.GetStringAsync("/healthz", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await metrics.GetAsync("/v2/", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_listen_address_stops_the_start_naming_it()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => WharfServer.StartAsync(settings: new Dictionary<string, string?> { ["Metrics:Listen"] = "metrics.example:90x" }));

        Assert.Contains("Metrics:Listen", e.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
