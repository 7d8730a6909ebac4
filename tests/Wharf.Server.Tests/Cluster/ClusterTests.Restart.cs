using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>An upgrade's restart, as docs/deploy.md describes it: one node at a time, with systemd's SIGTERM.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task A_node_restarted_with_sigterm_under_load_costs_the_clients_no_failed_request()
    {
        const string repository = "admin/restart";
        var node = Cluster.Nodes[2];
        var token = await Cluster.TokenAsync(Cluster.PublicAddress, $"repository:{repository}:pull,push");
        using var http = Cluster.PublicClient(token, maxConnections: 16);
        // A plain client: no retries, so any request the restart broke shows.
        var client = new OciPushClient(http);
        var image = TestImage.Create(new Random(12), "restart", 200_000);
        await PushAsync(client, repository, "1", image);
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var stop = new CancellationTokenSource();

        async Task LoadAsync(int worker)
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var manifest = await client.GetManifestAsync(repository, "1", Ct);
                    using var layer = await client.GetBlobAsync(repository, OciPushClient.DigestOf(image.Layers[0]), Ct);
                    var bytes = await layer.Content.ReadAsByteArrayAsync(Ct);
                    using var pushed = await client.PushMonolithicAsync(repository, TestImage.RandomBytes(random, 32 * 1024), Ct);
                    Interlocked.Add(ref requests, 3);
                    if (manifest.StatusCode != HttpStatusCode.OK || layer.StatusCode != HttpStatusCode.OK || pushed.StatusCode != HttpStatusCode.Created
                        || !bytes.AsSpan().SequenceEqual(image.Layers[0]))
                    {
                        failures.Enqueue($"{(int)manifest.StatusCode} {(int)layer.StatusCode} ({bytes.Length} bytes) {(int)pushed.StatusCode}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.ToString());
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(w => Task.Run(() => LoadAsync(w), Ct)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var restart = Stopwatch.StartNew();
        Assert.Equal(0, await node.TerminateAsync());
        await Cluster.Balancer.WaitForStatusAsync(node.Name, "DOWN", TimeSpan.FromSeconds(30), Ct);
        await node.StartAsync(Ct);
        await Cluster.Balancer.WaitForStatusAsync(node.Name, "UP", TimeSpan.FromSeconds(30), Ct);
        var rejoined = restart.Elapsed;
        var before = await node.ScrapeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        // Its first requests may still be slow (a fresh process compiles as it goes): six in a row, two of them its.
        for (var i = 0; i < 6; i++)
        {
            using var pulled = await client.GetManifestAsync(repository, "1", Ct);
            await OciPushClient.ExpectAsync(pulled, HttpStatusCode.OK, $"GET of {repository}:1 after the restart");
        }

        var after = await node.ScrapeAsync();

        Report($"{node.Name} stopped, restarted and back in rotation in {rejoined.TotalSeconds:0.0} s; {requests} requests through the balancer meanwhile");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests failed:\n{string.Join("\n", failures.Take(20))}\n{Cluster.Logs}");
        Assert.True(RequestsServed(before, after, "/v2/{name}/manifests/{reference}", "GET", "200") >= 1, $"{node.Name} is up again but served no request");
    }
}
