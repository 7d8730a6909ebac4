using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>Wharf as a real process (<c>wharf serve</c>) is SIGKILLed in the middle of many concurrent pushes and
/// restarted on the same data directory: what it acknowledged must all be there, nothing half-written may be
/// served, and uploads in progress must carry on.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Workers = 8;
    private const int ManifestsBeforeKill = 24;
    private const int MiB = 1024 * 1024;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("wharf-crash-").FullName;
    private readonly List<string> _problems = [];
    private int _resumed;
    private WharfProcess? _server;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Killed_mid_push_it_restarts_with_every_acknowledged_push_intact_no_partial_blob_and_uploads_resumable()
    {
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(20260523);
        _server = await WharfProcess.StartAsync(_dataDirectory, ct);
        var journal = new PushJournal();
        Uri resumeLocation, abandonedLocation;
        var resumable = TestImage.RandomBytes(random, 5 * MiB);
        var abandoned = TestImage.RandomBytes(random, 1 * MiB);
        using (var http = NewHttpClient(_server.BaseAddress))
        {
            var client = new OciPushClient(http);

            // Two uploads left open on purpose: one to resume after the restart, one never to finish.
            resumeLocation = await client.StartUploadAsync("crash/resume", ct);
            using (var patch = await client.PatchAsync(resumeLocation, resumable.AsMemory(0, 3 * MiB), 0, ct))
            {
                await OciPushClient.ExpectAsync(patch, HttpStatusCode.Accepted, "PATCH of the upload to resume");
            }

            abandonedLocation = await client.StartUploadAsync("crash/abandoned", ct);
            using (var patch = await client.PatchAsync(abandonedLocation, abandoned.AsMemory(0, abandoned.Length / 2), 0, ct))
            {
                await OciPushClient.ExpectAsync(patch, HttpStatusCode.Accepted, "PATCH of the upload to abandon");
            }

            // The load, killed once enough manifests are acknowledged and while every worker is mid-request.
            using var stop = new CancellationTokenSource();
            var pushers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => new CrashPusher(client, journal, w).RunAsync(stop.Token), ct)).ToArray();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (journal.AcknowledgedManifests < ManifestsBeforeKill && journal.Failures.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(20, ct);
            }

            journal.Killed = true;
            await _server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(pushers);
        }

        Assert.True(journal.Failures.IsEmpty, "before the kill:\n" + string.Join("\n", journal.Failures) + "\n" + _server.Log);
        Assert.True(journal.AcknowledgedManifests >= ManifestsBeforeKill, $"only {journal.AcknowledgedManifests} manifests were pushed in 120 s");
        var log = _server.Log;
        _server = await WharfProcess.StartAsync(_dataDirectory, ct);

        using (var http = NewHttpClient(_server.BaseAddress))
        {
            var client = new OciPushClient(http);
            foreach (var push in journal.Manifests)
            {
                await CheckManifestAsync(client, push, ct);
            }

            foreach (var upload in journal.Blobs)
            {
                await CheckBlobAsync(client, upload, ct);
            }

            await CheckNeverServedAsync(client, "crash/abandoned", OciPushClient.DigestOf(abandoned), ct);
            await CheckResumesAsync(client, RelativeTo(client, resumeLocation), resumable, 3 * MiB, ct);
            await CheckAcceptsNewPushesAsync(client, random, ct);
        }

        var inFlight = journal.Blobs.Where(b => !b.Acknowledged).Select(b => $"{b.Mode} blob ({(b.FinalRequestSent ? "completing" : $"{b.AcknowledgedOffset} of {b.Bytes.Length} bytes acknowledged")})")
            .Concat(journal.Manifests.Where(m => !m.Acknowledged).Select(_ => "manifest"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed after {journal.AcknowledgedManifests} acknowledged manifests and {journal.Blobs.Count(b => b.Acknowledged)} blobs; " +
            $"in flight: {string.Join(", ", inFlight)}; {_resumed} interrupted uploads resumed after the restart");
        Assert.True(_problems.Count == 0, string.Join("\n", _problems) + "\n--- log before the kill ---\n" + log + "\n--- log after the restart ---\n" + _server.Log);
    }

    /// <summary>Acknowledged: pulls intact by tag and by digest. In flight: absent, or present and intact.</summary>
    private async Task CheckManifestAsync(OciPushClient client, PushJournal.ManifestPush push, CancellationToken ct)
    {
        var image = push.Image;
        using var response = await client.GetManifestAsync(push.Repository, push.Tag, ct);
        if (response.StatusCode == HttpStatusCode.NotFound && !push.Acknowledged)
        {
            return;
        }

        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK || !body.AsSpan().SequenceEqual(image.Manifest))
        {
            _problems.Add($"{push.Repository}:{push.Tag} ({(push.Acknowledged ? "acknowledged 201" : "in flight at the kill")}): " +
                $"GET answered {(int)response.StatusCode} with {body.Length} bytes hashing to {OciPushClient.DigestOf(body)}, pushed {image.ManifestDigest}");
            return;
        }

        using var byDigest = await client.GetManifestAsync(push.Repository, image.ManifestDigest, ct);
        Expect(byDigest.StatusCode == HttpStatusCode.OK, $"{push.Repository}@{image.ManifestDigest}: GET by digest answered {(int)byDigest.StatusCode}");
        foreach (var blob in image.Blobs)
        {
            await CheckServedIntactAsync(client, push.Repository, blob, $"blob of {push.Repository}:{push.Tag}", ct);
        }
    }

    /// <summary>Acknowledged: served intact. Never finished: never served. In flight: absent or intact, and its
    /// session (if it still has one) takes the rest of the bytes and completes.</summary>
    private async Task CheckBlobAsync(OciPushClient client, PushJournal.BlobUpload upload, CancellationToken ct)
    {
        var what = $"{upload.Mode} blob {upload.Digest} in {upload.Repository}";
        if (upload.Acknowledged)
        {
            await CheckServedIntactAsync(client, upload.Repository, upload.Bytes, $"acknowledged {what}", ct);
            return;
        }

        if (!upload.FinalRequestSent)
        {
            await CheckNeverServedAsync(client, upload.Repository, upload.Digest, ct);
        }
        else
        {
            using var response = await client.GetBlobAsync(upload.Repository, upload.Digest, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            Expect(response.StatusCode == HttpStatusCode.NotFound || (response.StatusCode == HttpStatusCode.OK && body.AsSpan().SequenceEqual(upload.Bytes)),
                $"{what}, completing at the kill: GET answered {(int)response.StatusCode} with {body.Length} bytes hashing to {OciPushClient.DigestOf(body)}");
        }

        if (upload.Location is { } location)
        {
            await ContinueInterruptedUploadAsync(client, upload, RelativeTo(client, location), ct);
        }
    }

    private async Task ContinueInterruptedUploadAsync(OciPushClient client, PushJournal.BlobUpload upload, Uri location, CancellationToken ct)
    {
        using var status = await client.Http.GetAsync(location, ct);
        if (status.StatusCode == HttpStatusCode.NotFound)
        {
            // The session is removed only once its blob is committed, so the blob must be there.
            Expect(upload.FinalRequestSent, $"upload {location} for {upload.Digest} vanished although its last request was never sent");
            await CheckServedIntactAsync(client, upload.Repository, upload.Bytes, $"blob whose session {location} is gone", ct);
            return;
        }

        if (!Expect(status.StatusCode == HttpStatusCode.NoContent, $"GET {location} after the restart answered {(int)status.StatusCode}")
            || !Expect(TryReadRangeEnd(status, out var offset) && offset >= upload.AcknowledgedOffset && offset <= upload.Bytes.Length,
                $"GET {location}: Range '{RangeHeader(status)}' is not within the {upload.AcknowledgedOffset} acknowledged and {upload.Bytes.Length} sent bytes"))
        {
            return;
        }

        // "0-0" means zero or one byte; a one-byte upload is all but impossible, but the spec allows either.
        var completed = await TryCompleteFromAsync(client, location, upload.Bytes, offset, ct)
            || (offset == 0 && await TryCompleteFromAsync(client, location, upload.Bytes, 1, ct));
        if (Expect(completed, $"upload {location} ({upload.Mode}, {upload.Bytes.Length} bytes) could not be completed from offset {offset} after the restart"))
        {
            _resumed++;
            await CheckServedIntactAsync(client, upload.Repository, upload.Bytes, $"resumed {upload.Mode} upload", ct);
        }
    }

    private async Task CheckResumesAsync(OciPushClient client, Uri location, byte[] bytes, long acknowledged, CancellationToken ct)
    {
        using var status = await client.Http.GetAsync(location, ct);
        if (Expect(status.StatusCode == HttpStatusCode.NoContent, $"GET {location} of the open upload answered {(int)status.StatusCode} after the restart")
            && Expect(TryReadRangeEnd(status, out var offset) && offset == acknowledged,
                $"GET {location}: Range '{RangeHeader(status)}' after the restart, expected 0-{acknowledged - 1}")
            && Expect(await TryCompleteFromAsync(client, location, bytes, acknowledged, ct), $"could not complete {location} after the restart"))
        {
            await CheckServedIntactAsync(client, "crash/resume", bytes, "the upload resumed after the restart", ct);
        }
    }

    private async Task CheckAcceptsNewPushesAsync(OciPushClient client, Random random, CancellationToken ct)
    {
        var image = TestImage.Create(random, "after-restart", 100_000, 3 * MiB);
        using (var config = await client.PushMonolithicAsync("crash/after", image.Config, ct))
        using (var small = await client.PushMonolithicAsync("crash/after", image.Layers[0], ct))
        using (var large = await client.PushChunkedAsync("crash/after", image.Layers[1], chunks: 3, lastChunkInPut: false, ct))
        using (var manifest = await client.PutManifestAsync("crash/after", "1", image.Manifest, OciPushClient.OciManifest, ct))
        {
            Expect(new[] { config, small, large, manifest }.All(r => r.StatusCode == HttpStatusCode.Created),
                $"pushes after the restart answered {config.StatusCode}, {small.StatusCode}, {large.StatusCode}, {manifest.StatusCode}");
        }

        using var pulled = await client.GetManifestAsync("crash/after", "1", ct);
        Expect(pulled.StatusCode == HttpStatusCode.OK && (await pulled.Content.ReadAsByteArrayAsync(ct)).AsSpan().SequenceEqual(image.Manifest),
            $"the manifest pushed after the restart did not pull back: {(int)pulled.StatusCode}");
        foreach (var blob in image.Blobs)
        {
            await CheckServedIntactAsync(client, "crash/after", blob, "blob pushed after the restart", ct);
        }
    }

    private static async Task<bool> TryCompleteFromAsync(OciPushClient client, Uri location, byte[] bytes, long offset, CancellationToken ct)
    {
        if (offset < bytes.Length)
        {
            using var patch = await client.PatchAsync(location, bytes.AsMemory((int)offset), offset, ct);
            if (patch.StatusCode != HttpStatusCode.Accepted)
            {
                return false;
            }
        }

        using var put = await client.CompleteAsync(location, OciPushClient.DigestOf(bytes), null, ct);
        return put.StatusCode == HttpStatusCode.Created;
    }

    private async Task CheckServedIntactAsync(OciPushClient client, string repository, byte[] expected, string what, CancellationToken ct)
    {
        var digest = OciPushClient.DigestOf(expected);
        using var response = await client.GetBlobAsync(repository, digest, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        Expect(response.StatusCode == HttpStatusCode.OK && body.AsSpan().SequenceEqual(expected),
            $"{what}: GET /v2/{repository}/blobs/{digest} answered {(int)response.StatusCode} with {body.Length} bytes hashing to {OciPushClient.DigestOf(body)}");
    }

    private async Task CheckNeverServedAsync(OciPushClient client, string repository, string digest, CancellationToken ct)
    {
        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Get })
        {
            using var response = await client.Http.SendAsync(new HttpRequestMessage(method, $"/v2/{repository}/blobs/{digest}"), ct);
            Expect(response.StatusCode == HttpStatusCode.NotFound,
                $"{method} /v2/{repository}/blobs/{digest}, whose upload never finished, answered {(int)response.StatusCode} (expected 404)");
        }
    }

    /// <summary>The end of <c>Range: 0-&lt;end&gt;</c> plus one: the number of bytes the registry holds.</summary>
    private static bool TryReadRangeEnd(HttpResponseMessage response, out long offset)
    {
        offset = 0;
        var parts = RangeHeader(response)?.Split('-');
        if (parts is not { Length: 2 } || parts[0] != "0" || !long.TryParse(parts[1], out var end))
        {
            return false;
        }

        offset = end == 0 ? 0 : end + 1;
        return true;
    }

    private static string? RangeHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Locations from before the restart point at the old port; the path is what identifies the session.</summary>
    private static Uri RelativeTo(OciPushClient client, Uri location) => new(client.Http.BaseAddress!, location.PathAndQuery);

    private bool Expect(bool condition, string problem)
    {
        if (!condition)
        {
            _problems.Add(problem);
        }

        return condition;
    }

    private static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(100),
    };
}
