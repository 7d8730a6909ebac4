using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>kill -9 of one node in the middle of concurrent pushes through the balancer.</summary>
public sealed partial class ClusterTests
{
    private const int KillWorkers = 8;

    [Fact]
    public async Task A_node_killed_mid_push_loses_no_acknowledged_push_serves_nothing_half_written_and_rejoins_when_restarted()
    {
        const int acknowledgedBeforeKill = 16;
        const int imagesAfterKill = 2;
        var victim = Cluster.Nodes[1];
        var repositories = Enumerable.Range(0, KillWorkers).Select(w => $"admin/killed-w{w}").ToList();
        var token = await Cluster.TokenAsync(Cluster.PublicAddress, [.. repositories.Select(r => $"repository:{r}:pull,push")]);
        using var http = Cluster.PublicClient(token, maxConnections: 64);
        // Paced PATCHes (each 60–200 ms long) so the uploads the victim's gauge counts are still arriving when it is
        // killed a few milliseconds later; at loopback speed they would often be finished, and the kill would cut nothing.
        var client = new RetryingClient(http, pace: TimeSpan.FromMilliseconds(15));
        var pushes = new ConcurrentQueue<ClusterPush>();
        var failures = new ConcurrentQueue<string>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var workers = repositories.Select((repository, w) => Task.Run(() => PushUntilAsync(client, repository, w, pushes, failures, killed.Task, imagesAfterKill), Ct)).ToArray();
        // Once enough is acknowledged, at a moment the victim is receiving uploads (its own gauge says so), so the kill
        // cuts requests off mid-body rather than between them.
        var waited = Stopwatch.StartNew();
        while ((pushes.Count(p => p.Acknowledged) < acknowledgedBeforeKill || (await victim.ScrapeAsync()).Sum("wharf_uploads_active") < 2)
            && failures.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(failures.IsEmpty, $"before the kill:\n{string.Join("\n", failures)}\n{Cluster.Logs}");
        await victim.KillAsync();
        killed.SetResult();
        var (acknowledgedAtKill, inFlight) = (pushes.Count(p => p.Acknowledged), pushes.Count(p => !p.Acknowledged));
        var markedDown = await Cluster.Balancer.WaitForStatusAsync(victim.Name, "DOWN", TimeSpan.FromSeconds(30), Ct);
        await Task.WhenAll(workers);
        Assert.True(failures.IsEmpty, $"a push failed for good after the kill:\n{string.Join("\n", failures)}\n{Cluster.Logs}");

        // Back where HAProxy expects it: its checks take it in again, and round robin gives it requests.
        var restarted = Stopwatch.StartNew();
        await victim.StartAsync(Ct);
        await Cluster.Balancer.WaitForStatusAsync(victim.Name, "UP", TimeSpan.FromSeconds(30), Ct);
        var rejoined = restarted.Elapsed;
        var before = await victim.ScrapeAsync();
        var sample = pushes.First(p => p.Acknowledged);
        for (var i = 0; i < 6; i++)
        {
            using var pulled = await client.Oci.GetManifestAsync(sample.Repository, sample.Tag, Ct);
            await OciPushClient.ExpectAsync(pulled, HttpStatusCode.OK, $"GET of {sample.Repository}:{sample.Tag} after the restart");
        }

        var after = await victim.ScrapeAsync();
        Assert.True(RequestsServed(before, after, "/v2/{name}/manifests/{reference}", "GET", "200") >= 1, $"{victim.Name} is up but got none of 6 requests");

        // Every push finished through the surviving nodes; every image and every stored blob is whole.
        var problems = new List<string>();
        foreach (var push in pushes)
        {
            using var byTag = await client.Oci.GetManifestAsync(push.Repository, push.Tag, Ct);
            var body = await byTag.Content.ReadAsByteArrayAsync(Ct);
            if (!push.Acknowledged || byTag.StatusCode != HttpStatusCode.OK || !body.AsSpan().SequenceEqual(push.Image.Manifest))
            {
                problems.Add($"{push.Repository}:{push.Tag} ({(push.Acknowledged ? "acknowledged" : "never acknowledged")}): GET answered {(int)byTag.StatusCode}");
            }
        }

        problems.AddRange(await ClusterContent.CheckManifestsAsync(Cluster, "admin/killed-", Ct));
        var (objects, bucketProblems) = await ClusterContent.CheckBucketAsync(Cluster, Ct);
        problems.AddRange(bucketProblems);
        Report($"killed {victim.Name} with {acknowledgedAtKill} images acknowledged and {inFlight} in flight; HAProxy marked it down " +
            $"{markedDown.TotalSeconds:0.0} s later; {pushes.Count} images pushed in all with {client.Retries} requests retried and " +
            $"{client.Resumes} uploads resumed; restarted and back in rotation in {rejoined.TotalSeconds:0.0} s; {objects} blob objects checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + Cluster.Logs);
        Assert.True(client.Retries + client.Resumes > 0, "the kill interrupted no request: the test proved nothing");
    }

    /// <summary>One worker: image after image into its own repository (a config and a layer in one POST each, a layer
    /// of 2–6 MiB in three PATCHes), until it has pushed <paramref name="afterKill"/> images begun after the kill.</summary>
    private static async Task PushUntilAsync(
        RetryingClient client, string repository, int worker, ConcurrentQueue<ClusterPush> pushes, ConcurrentQueue<string> failures, Task killed, int afterKill)
    {
        var random = new Random(worker);
        for (int i = 0, sinceKill = 0; sinceKill < afterKill; i++)
        {
            if (killed.IsCompleted)
            {
                sinceKill++;
            }

            var image = TestImage.Create(random, $"{repository}-{i}", random.Next(64 * 1024, 512 * 1024), random.Next(2 * MiB, 6 * MiB));
            var push = new ClusterPush(repository, $"t{i}", image);
            pushes.Enqueue(push);
            var problem = await client.PushBlobAsync(repository, image.Config, 1, Ct)
                ?? await client.PushBlobAsync(repository, image.Layers[0], 1, Ct)
                ?? await client.PushBlobAsync(repository, image.Layers[1], 3, Ct)
                ?? await client.PutManifestAsync(repository, push.Tag, image.Manifest, Ct);
            if (problem is not null)
            {
                failures.Enqueue($"worker {worker}, {repository}:{push.Tag}: {problem}");
                return;
            }

            push.Acknowledged = true;
        }
    }
}
