using System.Diagnostics;
using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>One client of the garbage-collection test, making garbage while it pushes: images sharing layers with other
/// workers' images (skipped when a HEAD finds them, mounted from another repository, or uploaded), tags moved on and
/// the manifest a tag left deleted (its layers become unreferenced unless another image names them), and a blob no
/// manifest will ever name after each image. A manifest refused with MANIFEST_BLOB_UNKNOWN (a link swept between the client's
/// HEAD and its PUT, the race decision 005 leaves to clients) is pushed again with every blob uploaded.</summary>
internal sealed class ChurningPusher(RetryingClient client, string repository, IReadOnlyList<string> others, IReadOnlyList<byte[]> sharedLayers, int seed)
{
    private const int MaxRepushes = 3;
    private readonly Random _random = new(seed);
    private readonly List<TestImage> _pushed = [];

    /// <summary>Manifests pushed again after MANIFEST_BLOB_UNKNOWN.</summary>
    public int Repushes { get; private set; }

    public int Images => _pushed.Count;

    public int Deleted { get; private set; }

    public int Mounted { get; private set; }

    /// <summary>Digests of the blobs it pushed that no manifest names, with when: collectable once the grace period is over.</summary>
    public List<(string Digest, DateTimeOffset PushedAt)> Orphans { get; } = [];

    /// <summary>Pushes until <paramref name="stop"/>; returns the first problem (any answer the protocol does not allow),
    /// or null.</summary>
    public async Task<string?> RunAsync(CancellationToken stop, CancellationToken ct)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var layers = new[] { Pick(), Pick(), TestImage.RandomBytes(_random, _random.Next(16 * 1024, 128 * 1024)) };
            var image = TestImage.Create(layers, $"{repository}-{i}");
            var problem = await PushImageAsync(image, $"t{i % 3}", ct) ?? await DeleteOlderAsync(ct) ?? await PushOrphanAsync(ct);
            if (problem is not null)
            {
                return $"{repository}, image {i}: {problem}";
            }
        }

        return null;
    }

    private byte[] Pick() => sharedLayers[_random.Next(sharedLayers.Count)];

    private async Task<string?> PushImageAsync(TestImage image, string tag, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var pushing = Stopwatch.StartNew();
            foreach (var blob in image.Blobs)
            {
                if (await PushBlobAsync(blob, skipIfPresent: attempt == 0, ct) is { } problem)
                {
                    return problem;
                }
            }

            using var put = await client.SendAsync(() => client.Oci.PutManifestAsync(repository, tag, image.Manifest, OciPushClient.OciManifest, ct), ct);
            if (put.StatusCode == HttpStatusCode.Created)
            {
                _pushed.Add(image);
                return null;
            }

            var body = await put.Content.ReadAsStringAsync(ct);
            if (put.StatusCode != HttpStatusCode.BadRequest || !body.Contains("MANIFEST_BLOB_UNKNOWN", StringComparison.Ordinal) || attempt == MaxRepushes)
            {
                return $"PUT /v2/{repository}/manifests/{tag}, {pushing.Elapsed.TotalSeconds:0.0} s after its first blob (attempt {attempt + 1}): {(int)put.StatusCode} {body}";
            }

            Repushes++;
        }
    }

    /// <summary>As clients do: nothing when the repository has it, else a mount from a repository that may have it, else
    /// an upload (chunked half the time).</summary>
    private async Task<string?> PushBlobAsync(byte[] blob, bool skipIfPresent, CancellationToken ct)
    {
        var digest = OciPushClient.DigestOf(blob);
        if (skipIfPresent)
        {
            using var head = await client.SendAsync(() => client.Oci.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"), ct), ct);
            if (head.StatusCode == HttpStatusCode.OK)
            {
                return null;
            }
        }

        if (_random.Next(3) == 0)
        {
            var from = others[_random.Next(others.Count)];
            using var mount = await client.SendAsync(() => client.Oci.Http.PostAsync($"/v2/{repository}/blobs/uploads/?mount={digest}&from={from}", null, ct), ct);
            if (mount.StatusCode == HttpStatusCode.Created)
            {
                Mounted++;
                return null;
            }

            // 202: not mountable (not there, or just collected); the session it opened is left to the upload purge.
            if (mount.StatusCode != HttpStatusCode.Accepted)
            {
                return await RetryingClient.ProblemAsync(mount, HttpStatusCode.Accepted, $"POST mount of {digest} from {from}");
            }
        }

        return await client.PushBlobAsync(repository, blob, _random.Next(2) == 0 ? 1 : 3, ct);
    }

    /// <summary>Deletes the manifest the last push took its tag from (tags cycle over three), so a shared layer is
    /// referenced only while one of the last three images of some worker names it, and often is by none: then its links
    /// age past the grace period, are swept and its bytes deleted, while other workers push, mount or HEAD it.</summary>
    private async Task<string?> DeleteOlderAsync(CancellationToken ct)
    {
        if (_pushed.Count < 4)
        {
            return null;
        }

        var untagged = _pushed[^4];
        using var deleted = await client.SendAsync(() => client.Oci.Http.DeleteAsync($"/v2/{repository}/manifests/{untagged.ManifestDigest}", ct), ct);
        if (deleted.StatusCode == HttpStatusCode.Accepted)
        {
            Deleted++;
            return null;
        }

        // The same manifest pushed twice in a row (one random layer each time makes that all but impossible).
        return deleted.StatusCode == HttpStatusCode.NotFound ? null : await RetryingClient.ProblemAsync(deleted, HttpStatusCode.Accepted, $"DELETE {untagged.ManifestDigest}");
    }

    private async Task<string?> PushOrphanAsync(CancellationToken ct)
    {
        var orphan = TestImage.RandomBytes(_random, _random.Next(8 * 1024, 64 * 1024));
        Orphans.Add((OciPushClient.DigestOf(orphan), DateTimeOffset.UtcNow));
        return await client.PushBlobAsync(repository, orphan, 1, ct);
    }
}
