using System.Net;
using System.Net.Http.Headers;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Client;

public sealed partial class RegistryClient
{
    private const int MaxRedirects = 5;

    /// <summary>HEAD a blob: its size, or null when this repository does not have it.</summary>
    public async Task<long?> FindBlobSizeAsync(RepositoryName repository, Digest digest, CancellationToken ct)
    {
        using var response = await SendFollowingRedirectsAsync(HttpMethod.Head, repository, digest, 0, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return response.IsSuccessStatusCode
            ? response.Content.Headers.ContentLength ?? 0
            : throw await ErrorAsync(response, BlobRequest(HttpMethod.Head, repository, digest, response.RequestMessage?.RequestUri), OciErrorCode.BlobUnknown, ct);
    }

    /// <summary>GET a blob from <paramref name="offset"/> (with <c>Range: bytes=N-</c>), following redirects to another
    /// host (a presigned S3 URL) without sending it any credentials. The stream is not verified. Throws BLOB_UNKNOWN
    /// when the repository does not have the blob.</summary>
    public async Task<Stream> OpenBlobAsync(RepositoryName repository, Digest digest, long offset, CancellationToken ct)
    {
        var response = await SendFollowingRedirectsAsync(HttpMethod.Get, repository, digest, offset, ct);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, BlobRequest(HttpMethod.Get, repository, digest, response.RequestMessage?.RequestUri), OciErrorCode.BlobUnknown, ct);
            }

            var stream = await response.Content.ReadAsStreamAsync(ct);
            if (offset == 0 || response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset)
            {
                return stream;
            }

            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                throw new RegistryException(OciErrorCode.RangeInvalid, $"{Host} answered a read of blob {digest} from {offset} with {response.Content.Headers.ContentRange}");
            }

            // A server that ignores Range sends everything: skip to the offset rather than fail.
            await SkipAsync(stream, offset, ct);
            return stream;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>DELETE a blob. True when deleted, false when it was not there.</summary>
    public Task<bool> DeleteBlobAsync(RepositoryName repository, Digest digest, CancellationToken ct) =>
        DeleteAsync(Api($"v2/{repository}/blobs/{digest}"), repository, $"delete blob {digest} of {repository}", ct);

    /// <summary>Asks the registry to link a blob of <paramref name="from"/> into <paramref name="repository"/>
    /// (<c>POST …/blobs/uploads/?mount=&amp;from=</c>): 201 is a mount; 202 is the upload session opened instead.</summary>
    public async Task<MountResult> MountBlobAsync(RepositoryName repository, Digest digest, RepositoryName from, CancellationToken ct)
    {
        var uri = Api($"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(from.ToString())}");
        var request = new RegistryRequest(HttpMethod.Post, uri, Scopes.Mount(repository, from), $"mount blob {digest} from {from} into {repository}")
        {
            Content = () => new ByteArrayContent([]),
        };
        using var response = await SendAsync(request, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => new MountResult(true, null),
            HttpStatusCode.Accepted => new MountResult(false, Session(response, request)),
            _ => throw await ErrorAsync(response, request, OciErrorCode.NameUnknown, ct),
        };
    }

    /// <summary>Pushes a blob from a source that can be opened at an offset: one request for blobs up to
    /// <see cref="RegistryClientOptions.ChunkSize"/>, PATCH chunks otherwise, resuming from the registry's
    /// <c>Range</c> after a transport failure or 5xx. <paramref name="session"/> is an upload the registry already
    /// opened (a mount's 202). <paramref name="progress"/> hears the bytes sent so far. The registry verifies the
    /// digest (DIGEST_INVALID otherwise). Idempotent.</summary>
    public Task PushBlobAsync(
        RepositoryName repository,
        Descriptor blob,
        Func<long, CancellationToken, Task<Stream>> open,
        IProgress<long>? progress,
        UploadSession? session,
        CancellationToken ct) =>
        new BlobUploader(this, _options, repository, blob, open, progress).UploadAsync(session, ct);

    /// <summary>POST …/blobs/uploads/ with no body: a new upload session (distribution-spec end-4a).</summary>
    internal async Task<UploadSession> StartUploadAsync(RepositoryName repository, CancellationToken ct)
    {
        var request = new RegistryRequest(HttpMethod.Post, Api($"v2/{repository}/blobs/uploads/"), Scopes.Push(repository), $"start a blob upload to {repository}")
        {
            Content = () => new ByteArrayContent([]),
        };
        using var response = await SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.Accepted
            ? Session(response, request)
            : throw await ErrorAsync(response, request, OciErrorCode.NameUnknown, ct);
    }

    internal UploadSession Session(HttpResponseMessage response, RegistryRequest request)
    {
        var location = response.Headers.Location ?? throw new RegistryException(OciErrorCode.BlobUploadInvalid, $"{Host} sent no Location for {request.What}");
        long? minimum = response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var values) && long.TryParse(values.FirstOrDefault(), out var m) && m > 0 ? m : null;
        // distribution-spec: the Location may be absolute or relative, and may carry query parameters that matter.
        return new UploadSession(new Uri(request.Uri, location), minimum);
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpMethod method, RepositoryName repository, Digest digest, long offset, CancellationToken ct)
    {
        Uri? uri = null;
        for (var hop = 0; ; hop++)
        {
            var request = BlobRequest(method, repository, digest, uri) with
            {
                Configure = offset > 0 ? m => m.Headers.Range = new RangeHeaderValue(offset, null) : null,
            };
            var response = await SendAsync(request, ct);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (hop == MaxRedirects)
            {
                throw new RegistryException(OciErrorCode.Unknown, $"{Host} redirected blob {digest} more than {MaxRedirects} times");
            }

            uri = new Uri(request.Uri, location); // the authenticator sends credentials only to this registry's own host
        }
    }

    private RegistryRequest BlobRequest(HttpMethod method, RepositoryName repository, Digest digest, Uri? uri) =>
        new(method, uri ?? Api($"v2/{repository}/blobs/{digest}"), Scopes.Pull(repository), $"{(method == HttpMethod.Head ? "check" : "pull")} blob {digest} of {repository}");

    private static async Task SkipAsync(Stream stream, long count, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
            count -= n > 0 ? n : throw new RegistryException(OciErrorCode.RangeInvalid, $"blob ended {count} bytes before the offset");
        }
    }
}
