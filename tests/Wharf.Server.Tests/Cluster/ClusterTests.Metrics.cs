using System.Net;

namespace Wharf.Server.Tests.Cluster;

/// <summary>What the operator watches (docs/deploy.md, Monitoring), and where.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task Metrics_are_served_on_the_operators_ports_and_not_through_the_balancer()
    {
        using var throughBalancer = Cluster.PublicClient();
        using (var scrape = await throughBalancer.GetAsync("metrics", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
        }

        using (var ready = await throughBalancer.GetAsync("readyz", Ct))
        {
            Assert.Equal("ready", await ready.Content.ReadAsStringAsync(Ct));
        }

        foreach (var node in Cluster.Nodes)
        {
            var scrape = await node.ScrapeAsync();
            Assert.True(scrape.Sum("http_server_request_duration_seconds_count", ("http_route", "/readyz")) > 0, $"{node.Name} counts no /readyz: HAProxy's checks go elsewhere");
        }

        using var stats = new HttpClient { BaseAddress = Cluster.Balancer.StatsAddress };
        var haproxy = await stats.GetStringAsync("metrics", Ct);
        foreach (var node in Cluster.Nodes)
        {
            Assert.Contains($"haproxy_server_status{{proxy=\"wharf\",server=\"{node.Name}\",state=\"UP\"}} 1", haproxy, StringComparison.Ordinal);
        }
    }
}
