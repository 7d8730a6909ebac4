using System.Diagnostics;
using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>Garbage collection on every node at once while pushes go on (decision 005).</summary>
public sealed partial class ClusterTests
{
    private static readonly TimeSpan GcInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GcGrace = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Garbage_collection_on_all_three_nodes_while_pushes_continue_deletes_nothing_a_manifest_names()
    {
        const int workers = 4;
        var pushing = TimeSpan.FromSeconds(20);
        // A cluster of its own: the documented settings, but every node collects every second and keeps an unreferenced
        // link for eight seconds only (a push whose manifest comes later than that is refused MANIFEST_BLOB_UNKNOWN, which
        // the other tests' clients must not be exposed to on a slow machine).
        await using var cluster = await WharfCluster.StartAsync(postgres, ceph, typeof(ClusterTests), new Dictionary<string, string>
        {
            ["WHARF_GarbageCollection__Interval"] = GcInterval.ToString(),
            ["WHARF_GarbageCollection__LinkGracePeriod"] = GcGrace.ToString(),
        }, Ct);
        var repositories = Enumerable.Range(0, workers).Select(w => $"admin/gc-w{w}").ToList();
        var token = await cluster.TokenAsync(cluster.PublicAddress, [.. repositories.Select(r => $"repository:{r}:pull,push,delete")]);
        using var http = cluster.PublicClient(token, maxConnections: 32);
        var client = new RetryingClient(http);
        var random = new Random(11);
        var shared = Enumerable.Range(0, 16).Select(_ => TestImage.RandomBytes(random, random.Next(16 * 1024, 256 * 1024))).ToList();
        var pushers = repositories.Select((r, w) => new ChurningPusher(client, r, [.. repositories.Where(o => o != r)], shared, w)).ToList();
        var before = await Task.WhenAll(cluster.Nodes.Select(n => n.ScrapeAsync()));

        using var stop = new CancellationTokenSource(pushing);
        var problems = (await Task.WhenAll(pushers.Select(p => Task.Run(() => p.RunAsync(stop.Token, Ct), Ct)))).OfType<string>().ToList();
        var stopped = DateTimeOffset.UtcNow;
        // A few more runs: every orphan pushed a grace period before the pushes stopped must be gone by then.
        await Task.Delay(4 * GcInterval, Ct);
        var after = await Task.WhenAll(cluster.Nodes.Select(n => n.ScrapeAsync()));

        problems.AddRange(await ClusterContent.CheckManifestsAsync(cluster, "admin/gc-", Ct));
        var (objects, bucketProblems) = await ClusterContent.CheckBucketAsync(cluster, Ct);
        problems.AddRange(bucketProblems);
        var collected = pushers.SelectMany((p, w) => p.Orphans.Where(o => o.PushedAt < stopped - GcGrace).Select(o => (repositories[w], o.Digest))).ToList();
        foreach (var (repository, digest) in collected)
        {
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"), Ct);
            if (head.StatusCode != HttpStatusCode.NotFound)
            {
                problems.Add($"orphan {digest} in {repository}, pushed a grace period before the pushes stopped, answered {(int)head.StatusCode}: not collected");
            }
        }

        var runs = cluster.Nodes.Select((n, i) => (n.Name, Completed: Moved(before[i], after[i], "wharf_gc_runs_total", ("outcome", "completed")),
            Failed: Moved(before[i], after[i], "wharf_gc_runs_total", ("outcome", "failed")))).ToList();
        var blobsDeleted = Enumerable.Range(0, before.Length).Sum(i => Moved(before[i], after[i], "wharf_gc_blobs_deleted_total"));
        var linksRemoved = Enumerable.Range(0, before.Length).Sum(i => Moved(before[i], after[i], "wharf_gc_links_removed_total"));
        var manifests = (await ClusterContent.ManifestRowsAsync(cluster, "admin/gc-", Ct)).Count;
        Report($"GC cluster started in {cluster.StartupTime.TotalSeconds:0.0} s; {pushing.TotalSeconds:0} s of pushes: {pushers.Sum(p => p.Images)} images " +
            $"({pushers.Sum(p => p.Mounted)} blobs mounted, {pushers.Sum(p => p.Repushes)} manifests pushed again after MANIFEST_BLOB_UNKNOWN), " +
            $"{pushers.Sum(p => p.Deleted)} deleted, {pushers.Sum(p => p.Orphans.Count)} orphan blobs; GC runs per node " +
            $"{string.Join(", ", runs.Select(r => $"{r.Name} {r.Completed}"))}, {linksRemoved} links and {blobsDeleted} blobs removed; " +
            $"{manifests} manifests and {objects} blob objects checked, {collected.Count} orphans checked gone");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + cluster.Logs);
        Assert.All(runs, r => Assert.True(r.Completed >= 3 && r.Failed == 0, $"{r.Name}: {r.Completed} GC runs completed, {r.Failed} failed"));
        Assert.True(blobsDeleted > 0 && collected.Count > 0, "nothing was collected: the test proved nothing");
    }
}
