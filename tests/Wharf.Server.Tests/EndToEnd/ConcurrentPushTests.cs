using System.Net;
using System.Text.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>Many clients at once on real Kestrel: the same blob pushed by all of them, and one tag moved to
/// different manifests by all of them. Every request must succeed, and what is left must be consistent.</summary>
public sealed class ConcurrentPushTests : IAsyncLifetime
{
    private const int Clients = 24;
    private WharfServer? _server;

    private WharfServer Server => _server!;

    private OciPushClient Client => new(Server.Client);

    public async ValueTask InitializeAsync() => _server = await WharfServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_blob_pushed_by_many_clients_at_once_succeeds_for_all_and_is_stored_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var blob = TestImage.RandomBytes(new Random(1), 2 * 1024 * 1024);
        var digest = OciPushClient.DigestOf(blob);
        var client = Client;

        // A mix of monolithic POSTs, chunked uploads and chunked uploads ending in a PUT with a body.
        var responses = await RaceAsync(Clients, i => (i % 3) switch
        {
            0 => client.PushMonolithicAsync("race/blob", blob, ct),
            1 => client.PushChunkedAsync("race/blob", blob, chunks: 4, lastChunkInPut: false, ct),
            _ => client.PushChunkedAsync("race/blob", blob, chunks: 3, lastChunkInPut: true, ct),
        });

        await ExpectAllAsync(responses, HttpStatusCode.Created, "push of the same blob");
        Assert.All(responses, r => Assert.Equal(digest, r.Headers.GetValues("Docker-Content-Digest").Single()));
        Assert.Equal(blob, await client.GetVerifiedBlobAsync("race/blob", digest, ct));
        using var head = await Server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/race/blob/blobs/{digest}"), ct);
        Assert.Equal(blob.Length, head.Content.Headers.ContentLength);
        AssertStoredOnce(digest);
    }

    [Fact]
    public async Task The_same_blob_pushed_to_many_repositories_at_once_is_served_by_each_and_stored_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var blob = TestImage.RandomBytes(new Random(2), 1024 * 1024);
        var digest = OciPushClient.DigestOf(blob);
        var client = Client;

        var responses = await RaceAsync(Clients, i => i % 2 == 0
            ? client.PushMonolithicAsync($"race/repo{i}", blob, ct)
            : client.PushChunkedAsync($"race/repo{i}", blob, chunks: 2, lastChunkInPut: false, ct));

        await ExpectAllAsync(responses, HttpStatusCode.Created, "push of the same blob to its own repository");
        for (var i = 0; i < Clients; i++)
        {
            Assert.Equal(blob, await client.GetVerifiedBlobAsync($"race/repo{i}", digest, ct));
        }

        AssertStoredOnce(digest);
    }

    [Fact]
    public async Task One_tag_pushed_with_different_manifests_at_once_ends_on_one_of_them_and_all_are_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(3);
        var client = Client;
        var layer = TestImage.RandomBytes(random, 64 * 1024);
        var images = Enumerable.Range(0, Clients).Select(i => TestImage.Create([layer], $"candidate-{i}")).ToList();
        await ExpectAllAsync([await client.PushMonolithicAsync("race/tag", layer, ct)], HttpStatusCode.Created, "push of the shared layer");
        await ExpectAllAsync(await Task.WhenAll(images.Select(image => client.PushMonolithicAsync("race/tag", image.Config, ct))), HttpStatusCode.Created, "push of a config");

        var responses = await RaceAsync(Clients, i => client.PutManifestAsync("race/tag", "latest", images[i].Manifest, OciPushClient.OciManifest, ct));

        await ExpectAllAsync(responses, HttpStatusCode.Created, "PUT of a manifest to race/tag:latest");
        for (var i = 0; i < Clients; i++)
        {
            Assert.Equal(images[i].ManifestDigest, responses[i].Headers.GetValues("Docker-Content-Digest").Single());
        }

        using var tagged = await client.GetManifestAsync("race/tag", "latest", ct);
        await OciPushClient.ExpectAsync(tagged, HttpStatusCode.OK, "GET /v2/race/tag/manifests/latest");
        var body = await tagged.Content.ReadAsByteArrayAsync(ct);
        var winner = images.SingleOrDefault(image => image.Manifest.AsSpan().SequenceEqual(body));
        Assert.True(winner is not null, $"the tag points at {OciPushClient.DigestOf(body)}, which none of the clients pushed");
        Assert.Equal(winner.ManifestDigest, tagged.Headers.GetValues("Docker-Content-Digest").Single());

        foreach (var image in images)
        {
            using var byDigest = await client.GetManifestAsync("race/tag", image.ManifestDigest, ct);
            await OciPushClient.ExpectAsync(byDigest, HttpStatusCode.OK, $"GET /v2/race/tag/manifests/{image.ManifestDigest}");
            Assert.Equal(image.Manifest, await byDigest.Content.ReadAsByteArrayAsync(ct));
        }

        using var tags = JsonDocument.Parse(await Server.Client.GetStringAsync("/v2/race/tag/tags/list", ct));
        Assert.Equal(["latest"], tags.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task The_same_manifest_pushed_to_one_tag_by_many_clients_at_once_succeeds_for_all()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client;
        var image = TestImage.Create(new Random(4), "same", 32 * 1024);
        foreach (var blob in image.Blobs)
        {
            await ExpectAllAsync([await client.PushMonolithicAsync("race/same", blob, ct)], HttpStatusCode.Created, "push of a blob");
        }

        var responses = await RaceAsync(Clients, i => client.PutManifestAsync("race/same", i % 2 == 0 ? "1" : image.ManifestDigest, image.Manifest, OciPushClient.OciManifest, ct));

        await ExpectAllAsync(responses, HttpStatusCode.Created, "PUT of the same manifest");
        using var pulled = await client.GetManifestAsync("race/same", "1", ct);
        Assert.Equal(image.ManifestDigest, pulled.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(image.Manifest, await pulled.Content.ReadAsByteArrayAsync(ct));
    }

    /// <summary>Starts <paramref name="count"/> requests together (released at once from a gate) and waits for all.</summary>
    private static async Task<HttpResponseMessage[]> RaceAsync(int count, Func<int, Task<HttpResponseMessage>> request)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await request(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task ExpectAllAsync(HttpResponseMessage[] responses, HttpStatusCode expected, string what)
    {
        var wrong = new List<string>();
        foreach (var response in responses.Where(r => r.StatusCode != expected))
        {
            wrong.Add($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {responses.Length} × {what} did not answer {(int)expected}:\n{string.Join("\n", wrong)}");
    }

    /// <summary>The filesystem backend keeps one file per digest under blobs/ and stages uploads under uploads/
    /// (FileSystemBlobStore's documented layout): one file for the digest, no staging file left behind.</summary>
    private void AssertStoredOnce(string digest)
    {
        var blobs = Directory.EnumerateFiles(Path.Combine(Server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).ToList();
        var file = Assert.Single(blobs);
        Assert.Equal(digest["sha256:".Length..], Path.GetFileName(file));
        var uploads = Path.Combine(Server.DataDirectory, "uploads");
        Assert.Empty(Directory.Exists(uploads) ? Directory.EnumerateFileSystemEntries(uploads) : []);
    }
}
