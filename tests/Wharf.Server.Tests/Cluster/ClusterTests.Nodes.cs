using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>What makes three processes one registry: an upload any node continues, tokens any node accepts.</summary>
public sealed partial class ClusterTests
{
    private const string UploadRoute = "/v2/{name}/blobs/uploads/{reference}";

    [Fact]
    public async Task A_chunked_upload_through_the_balancer_has_its_chunks_appended_by_every_node()
    {
        const string repository = "admin/chunked";
        var token = await Cluster.TokenAsync(Cluster.PublicAddress, $"repository:{repository}:pull,push");
        using var http = Cluster.PublicClient(token);
        var client = new OciPushClient(http);
        // Sizes S3 treats differently: under its 5 MiB part minimum, a single byte, a body over Wharf's 8 MiB part buffer.
        int[] chunks = [3 * MiB, 6 * MiB, 1, 9 * MiB, 700_000, 2 * MiB];
        var blob = TestImage.RandomBytes(new Random(8), chunks.Sum() + 123_456);
        var before = await Task.WhenAll(Cluster.Nodes.Select(n => n.ScrapeAsync()));

        var location = await client.StartUploadAsync(repository, Ct);
        var offset = 0;
        foreach (var length in chunks)
        {
            using var patch = await client.PatchAsync(location, blob.AsMemory(offset, length), offset, Ct);
            await OciPushClient.ExpectAsync(patch, HttpStatusCode.Accepted, $"PATCH at {offset}");
            Assert.Equal($"0-{offset + length - 1}", patch.Headers.GetValues("Range").Single());
            offset += length;
        }

        using (var put = await client.CompleteAsync(location, OciPushClient.DigestOf(blob), blob.AsMemory(offset), Ct))
        {
            await OciPushClient.ExpectAsync(put, HttpStatusCode.Created, "PUT with the last chunk");
        }

        var after = await Task.WhenAll(Cluster.Nodes.Select(n => n.ScrapeAsync()));
        var patches = Cluster.Nodes.Select((node, i) => (node.Name, Count: RequestsServed(before[i], after[i], UploadRoute, "PATCH", "202"))).ToList();
        Report($"cluster started in {Cluster.StartupTime.TotalSeconds:0.0} s ({Cluster.StartupSteps})");
        Report($"PATCHes per node: {string.Join(", ", patches.Select(p => $"{p.Name} {p.Count}"))}");
        Assert.Equal(chunks.Length, patches.Sum(p => p.Count));
        Assert.All(patches, p => Assert.True(p.Count >= 1, $"{p.Name} appended no chunk: {string.Join(", ", patches)}"));

        Assert.Equal(blob, await client.GetVerifiedBlobAsync(repository, OciPushClient.DigestOf(blob), Ct));
        foreach (var node in Cluster.Nodes)
        {
            using var direct = node.Client(token);
            Assert.Equal(blob, await new OciPushClient(direct).GetVerifiedBlobAsync(repository, OciPushClient.DigestOf(blob), Ct));
        }
    }

    [Fact]
    public async Task A_token_issued_by_one_node_is_accepted_by_the_others()
    {
        const string repository = "admin/tokens";
        var image = TestImage.Create(new Random(9), "tokens", 50_000);
        using (var http = Cluster.PublicClient(await Cluster.TokenAsync(Cluster.PublicAddress, $"repository:{repository}:pull,push")))
        {
            await PushAsync(new OciPushClient(http), repository, "1", image);
        }

        foreach (var issuer in Cluster.Nodes)
        {
            var token = await Cluster.TokenAsync(issuer.BaseAddress, $"repository:{repository}:pull");
            foreach (var node in Cluster.Nodes.Where(n => n != issuer))
            {
                using var direct = node.Client(token);
                using var manifest = await new OciPushClient(direct).GetManifestAsync(repository, "1", Ct);
                Assert.True(manifest.StatusCode == HttpStatusCode.OK, $"{node.Name} answered {(int)manifest.StatusCode} to a token {issuer.Name} issued");
                Assert.Equal(image.Manifest, await manifest.Content.ReadAsByteArrayAsync(Ct));
            }
        }
    }
}
