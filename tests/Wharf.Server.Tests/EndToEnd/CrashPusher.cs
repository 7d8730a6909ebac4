using System.Net;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>One of the crash test's clients: pushes image after image to its own repository with every kind of
/// blob upload, writing down in the <see cref="PushJournal"/> what was sent and what was acknowledged, until the
/// registry is killed under it.</summary>
public sealed class CrashPusher(OciPushClient client, PushJournal journal, int worker)
{
    private const int KiB = 1024;

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(worker, Environment.TickCount64));
        var repository = $"crash/w{worker}";
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var image = TestImage.Create(random, $"w{worker}-{i}", random.Next(4 * KiB, 64 * KiB), random.Next(256 * KiB, 2048 * KiB));
                await PostThenPutAsync(repository, image.Config, stop);
                await MonolithicAsync(repository, image.Layers[0], stop);
                await ChunkedAsync(repository, image.Layers[1], lastChunkInPut: i % 2 == 0, stop);

                var push = journal.StartManifest(repository, $"t{i}", image);
                using var response = await client.PutManifestAsync(repository, push.Tag, image.Manifest, OciPushClient.OciManifest, stop);
                if (await IsExpectedAsync(response, HttpStatusCode.Created, $"PUT /v2/{repository}/manifests/{push.Tag}"))
                {
                    journal.Acknowledge(push);
                }
            }
            catch (ProtocolViolationException)
            {
                // A wrong status, already in the journal's failures.
                return;
            }
            catch (Exception) when (journal.Killed)
            {
                // The registry died under this request: exactly what the test is about.
                return;
            }
            catch (Exception e)
            {
                journal.Failures.Enqueue($"worker {worker} failed before the kill: {e}");
                return;
            }
        }
    }

    private async Task MonolithicAsync(string repository, byte[] blob, CancellationToken ct)
    {
        var upload = journal.StartBlob(repository, blob, "monolithic");
        upload.FinalRequestSent = true;
        using var response = await client.PushMonolithicAsync(repository, blob, ct);
        upload.Acknowledged = await IsExpectedAsync(response, HttpStatusCode.Created, $"POST /v2/{repository}/blobs/uploads/?digest={upload.Digest}");
    }

    private async Task PostThenPutAsync(string repository, byte[] blob, CancellationToken ct)
    {
        var upload = journal.StartBlob(repository, blob, "post-put");
        upload.Location = await client.StartUploadAsync(repository, ct);
        upload.FinalRequestSent = true;
        using var response = await client.CompleteAsync(upload.Location, upload.Digest, blob, ct);
        upload.Acknowledged = await IsExpectedAsync(response, HttpStatusCode.Created, $"PUT {upload.Location} (whole blob)");
    }

    private async Task ChunkedAsync(string repository, byte[] blob, bool lastChunkInPut, CancellationToken ct)
    {
        const int chunks = 4;
        var upload = journal.StartBlob(repository, blob, "chunked");
        upload.Location = await client.StartUploadAsync(repository, ct);
        var chunkSize = (blob.Length + chunks - 1) / chunks;
        var offset = 0;
        while (offset < blob.Length)
        {
            var length = Math.Min(chunkSize, blob.Length - offset);
            if (lastChunkInPut && offset + length == blob.Length)
            {
                break;
            }

            using var patch = await client.PatchAsync(upload.Location, blob.AsMemory(offset, length), offset, ct);
            if (!await IsExpectedAsync(patch, HttpStatusCode.Accepted, $"PATCH {upload.Location} at {offset}"))
            {
                return;
            }

            offset += length;
            upload.AcknowledgedOffset = offset;
        }

        upload.FinalRequestSent = true;
        using var response = await client.CompleteAsync(upload.Location, upload.Digest, offset < blob.Length ? blob.AsMemory(offset) : null, ct);
        upload.Acknowledged = await IsExpectedAsync(response, HttpStatusCode.Created, $"PUT {upload.Location}");
    }

    /// <summary>A wrong status is a bug at any time, killed or not: a dying registry drops connections, it does not answer.</summary>
    private async Task<bool> IsExpectedAsync(HttpResponseMessage response, HttpStatusCode expected, string request)
    {
        if (response.StatusCode == expected)
        {
            return true;
        }

        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        journal.Failures.Enqueue($"{request}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        throw new ProtocolViolationException($"{request} answered {(int)response.StatusCode}");
    }
}
