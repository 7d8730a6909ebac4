using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>Blobs in an S3-compatible object store (AWS S3, Ceph RGW, MinIO). Bucket layout, under the configured prefix:
/// <code>
/// blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   the blob's bytes; appears whole or not at all (PutObject, CopyObject
///                                         and CompleteMultipartUpload are atomic), never changes afterwards
/// uploads/&lt;upload id&gt;/&lt;part id&gt;           one staged part of an upload (a PATCH, or a POST/PUT body), written once
/// </code>
/// plus, while a write is in progress, S3 multipart uploads: of a part key (a request body longer than one buffer) or of
/// a blob key (a commit composing several parts). A node that dies leaves them incomplete; the purger aborts them.
/// S3 cannot append, so an upload is its parts and a commit composes them inside the store (<see cref="S3CommitPlan"/>).
/// Nothing here holds more than two <see cref="BufferSize"/> buffers of a blob in memory.</summary>
public sealed partial class S3BlobStore(IAmazonS3 s3, S3BlobStoreSettings settings, TimeProvider time) : IBlobStore
{
    /// <summary>The unit bodies are sent to the store in when their length is unknown; at least S3's 5 MiB minimum.</summary>
    internal const int BufferSize = 8 * 1024 * 1024;

    private readonly string _prefix = settings.Prefix.Length == 0 || settings.Prefix.EndsWith('/') ? settings.Prefix : settings.Prefix + "/";

    private string Bucket => settings.Bucket;

    public async Task<long?> StatAsync(Digest digest, CancellationToken ct) => await FindSizeAsync(BlobKey(digest), ct);

    public async Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = BlobKey(digest) };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange($"bytes={offset}-");
        }

        try
        {
            var response = await s3.GetObjectAsync(request, ct);
            return new ResponseReadStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Reading from the very end of a blob is reading nothing, not an error.
            return await StatAsync(digest, ct) is null ? null : new MemoryStream([], writable: false);
        }
    }

    public async Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct)
    {
        if (settings.RedirectLifetime is not { } lifetime)
        {
            return null;
        }

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = BlobKey(digest),
            Verb = HttpVerb.GET,
            Expires = time.GetUtcNow().Add(lifetime).UtcDateTime,
            // The SDK signs for https unless told otherwise; a store reached over http must be linked over http.
            Protocol = s3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new Uri(url);
    }

    public async Task<bool> DeleteAsync(Digest digest, CancellationToken ct)
    {
        var key = BlobKey(digest);
        if (await FindSizeAsync(key, ct) is null)
        {
            return false;
        }

        await s3.DeleteObjectAsync(Bucket, key, ct);
        return true;
    }

    public async IAsyncEnumerable<Digest> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var root = _prefix + "blobs/";
        await foreach (var entry in ListObjectsAsync(root, ct))
        {
            // blobs/<algorithm>/<2 hex>/<hex>
            var path = entry.Key[root.Length..].Split('/');
            if (path.Length == 3 && Digest.TryParse($"{path[0]}:{path[2]}", out var digest) && digest.Hex.StartsWith(path[1], StringComparison.Ordinal))
            {
                yield return digest;
            }
        }
    }

    /// <summary>Every object under <paramref name="prefix"/> in key order, one page per request (ListObjectsV2).</summary>
    private async IAsyncEnumerable<S3Object> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, MaxKeys = settings.ListPageSize };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, ct);
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return entry;
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    private async Task<long?> FindSizeAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return metadata.Headers.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private string BlobKey(Digest digest) => $"{_prefix}blobs/{digest.Algorithm}/{digest.Hex[..2]}/{digest.Hex}";

    private string UploadKey(string uploadId) =>
        UploadId.IsValid(uploadId) ? $"{_prefix}uploads/{uploadId}/" : throw new RegistryException(OciErrorCode.BlobUploadUnknown);

    private string PartKey(string uploadId, string partId) =>
        UploadId.IsValid(partId) ? UploadKey(uploadId) + partId : throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"{partId} is not a part name");

    private static RegistryException StagingGone(string uploadId) =>
        new(OciErrorCode.BlobUploadUnknown, $"the staged bytes of upload {uploadId} are gone");
}
