using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Client;

/// <summary>One blob push (distribution-spec "Pushing blobs"): a single <c>POST ?digest=</c> for a small blob, else
/// POST, PATCH chunks with <c>Content-Range</c>, PUT <c>?digest=</c>. After a transport failure, a 5xx, a 416 or a
/// renewed token mid-chunk it asks the upload URL where the registry stands (GET → <c>Range</c>) and reopens the
/// source there; an upload the registry no longer knows starts again. The registry checks the digest.</summary>
internal sealed class BlobUploader(
    RegistryClient client,
    RegistryClientOptions options,
    RepositoryName repository,
    Descriptor blob,
    Func<long, CancellationToken, Task<Stream>> open,
    IProgress<long>? progress)
{
    private UploadSession? _session;
    private long _offset;
    private bool _resync;
    private bool _done;

    public async Task UploadAsync(UploadSession? session, CancellationToken ct)
    {
        _session = session;
        await client.PrepareAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AttemptAsync(ct);
                progress?.Report(blob.Size);
                return;
            }
            catch (HttpRequestException e) when (UploadFailures.Fatal(e) is { } fatal)
            {
                await CancelAsync(ct);
                ExceptionDispatchInfo.Throw(fatal); // the source's own failure (a digest mismatch), not the network's
            }
            catch (Exception e) when (UploadFailures.IsTransient(e, ct) && attempt < options.UploadAttempts)
            {
                _resync = true;
                await Task.Delay(options.RetryDelay * attempt, options.TimeProvider, ct);
            }
            catch (Exception e) when (UploadFailures.IsTransient(e, ct) && e is not RegistryUnreachableException)
            {
                await CancelAsync(ct);
                throw new RegistryException(OciErrorCode.Unknown, $"push of blob {blob.Digest} to {repository} at {client.Host} failed {attempt} times, last: {UploadFailures.Innermost(e).Message}");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await CancelAsync(ct);
                throw;
            }
        }
    }

    private async Task AttemptAsync(CancellationToken ct)
    {
        if (_resync)
        {
            await ResyncAsync(ct);
            _resync = false;
        }

        if (_done)
        {
            return;
        }

        if (blob.Size <= options.ChunkSize)
        {
            await MonolithicAsync(ct);
        }
        else
        {
            await ChunkedAsync(ct);
        }
    }

    private async Task MonolithicAsync(CancellationToken ct)
    {
        if (_session is null && client.SinglePostUpload)
        {
            // distribution-spec end-4b: the whole blob in the POST. A registry without it (Distribution 2.8) answers
            // 202 with a session and ignores the body: the PUT below sends it, and later blobs skip this POST.
            await using var stream = await open(0, ct);
            var post = Request(HttpMethod.Post, client.Api($"v2/{repository}/blobs/uploads/?digest={Escape(blob.Digest)}"), "push", () => Body(stream, 0, blob.Size));
            using var response = await client.SendAsync(post, ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return;
            }

            _session = response.StatusCode == HttpStatusCode.Accepted ? client.Session(response, post) : throw await FailureAsync(response, post, ct);
            client.SinglePostUpload = false;
        }

        _session ??= await client.StartUploadAsync(repository, ct);

        // After an interrupted PUT the registry may hold a prefix (_offset from the resync): send only the rest.
        var start = _offset;
        await using var body = await open(start, ct);
        var put = Request(HttpMethod.Put, WithDigest(_session.Location), "complete", () =>
        {
            var content = Body(body, start, blob.Size - start);
            if (start > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{blob.Size - 1}");
            }

            return content;
        });
        using var done = await client.SendAsync(put, ct);
        if (done.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(done, put, ct);
        }
    }

    private async Task ChunkedAsync(CancellationToken ct)
    {
        _session ??= await client.StartUploadAsync(repository, ct);
        // distribution-spec: chunks except the last SHOULD be at least OCI-Chunk-Min-Length.
        var chunk = Math.Max(options.ChunkSize, _session.MinChunkLength ?? 0);
        await using (var stream = await open(_offset, ct))
        {
            while (_offset < blob.Size)
            {
                var start = _offset;
                var length = Math.Min(chunk, blob.Size - start);
                var patch = Request(HttpMethod.Patch, _session.Location, "upload a chunk of", () =>
                {
                    var content = Body(stream, start, length);
                    // distribution-spec: Content-Range is "<start>-<end>", inclusive, without the RFC's unit.
                    content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
                    return content;
                });
                using var response = await client.SendAsync(patch, ct);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw await FailureAsync(response, patch, ct);
                }

                if (UploadRange.ReceivedBytes(response) is { } received && received != start + length)
                {
                    throw new UploadInterruptedException($"{client.Host} holds {received} bytes after a chunk ending at {start + length}");
                }

                _offset = start + length;
                _session = Moved(_session, response);
                progress?.Report(_offset);
            }
        }

        var put = Request(HttpMethod.Put, WithDigest(_session.Location), "complete", () => new ByteArrayContent([]));
        using var done = await client.SendAsync(put, ct);
        if (done.StatusCode != HttpStatusCode.Created)
        {
            throw await FailureAsync(done, put, ct);
        }
    }

    /// <summary>distribution-spec: GET on the upload URL tells the offset to continue from; an upload it no longer
    /// knows (404, or Distribution's BLOB_UPLOAD_INVALID after a partial chunk) starts over in a new session, unless
    /// the blob landed meanwhile.</summary>
    private async Task ResyncAsync(CancellationToken ct)
    {
        if (_session is { } session)
        {
            var status = new RegistryRequest(HttpMethod.Get, session.Location, Scopes.Push(repository), $"check the upload of blob {blob.Digest} to {repository}");
            using var response = await client.SendAsync(status, ct);
            if (response.IsSuccessStatusCode)
            {
                _offset = Math.Min(UploadRange.ReceivedBytes(response) ?? 0, blob.Size);
                _session = Moved(session, response);
                progress?.Report(_offset);
                return;
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new UploadInterruptedException($"{status.What}: HTTP {(int)response.StatusCode}");
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw await client.ErrorAsync(response, status, OciErrorCode.BlobUploadUnknown, ct);
            }
        }

        _session = null;
        _offset = 0;
        progress?.Report(0);
        _done = await client.FindBlobSizeAsync(repository, blob.Digest, ct) == blob.Size;
        if (!_done)
        {
            // A bodiless POST can be replayed after a token renewal, so an authorization that still fails (an
            // anonymous token without push) surfaces here as the registry's clear 401 rather than as another retry.
            _session = await client.StartUploadAsync(repository, ct);
        }
    }

    private RegistryRequest Request(HttpMethod method, Uri uri, string verb, Func<HttpContent> content) =>
        new(method, uri, Scopes.Push(repository), $"{verb} blob {blob.Digest} to {repository}") { Content = content, Replayable = false };

    private StreamContent Body(Stream source, long start, long length)
    {
        var content = new StreamContent(new UploadChunkStream(source, length, sent => progress?.Report(start + sent)));
        content.Headers.ContentLength = length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>A failure worth resuming from (5xx, 416, a lost session, a token renewed mid-chunk) or the error.</summary>
    private async Task<Exception> FailureAsync(HttpResponseMessage response, RegistryRequest request, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        return status is >= 500 or 401 or 404 or 408 or 416 or 429
            ? new UploadInterruptedException($"{request.What}: HTTP {status}")
            : await client.ErrorAsync(response, request, OciErrorCode.BlobUploadUnknown, ct);
    }

    private async Task CancelAsync(CancellationToken ct)
    {
        if (_session is null || ct.IsCancellationRequested)
        {
            return;
        }

        try
        {
            // distribution-spec: clients SHOULD cancel a failed upload; failures of the cancel itself are ignored.
            using var _ = await client.SendAsync(new RegistryRequest(HttpMethod.Delete, _session.Location, Scopes.Push(repository), "cancel upload"), ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or RegistryException or RegistryUnreachableException)
        {
        }
    }

    private static UploadSession Moved(UploadSession session, HttpResponseMessage response) =>
        response.Headers.Location is { } location ? session with { Location = new Uri(session.Location, location) } : session;

    private Uri WithDigest(Uri location) =>
        new($"{location.AbsoluteUri}{(location.Query.Length > 0 ? "&" : "?")}digest={Escape(blob.Digest)}");

    private static string Escape(Digest digest) => Uri.EscapeDataString(digest.ToString());
}
