using System.Buffers;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>The upload staging half of <see cref="S3BlobStore"/>: a part is an object of its own.</summary>
public sealed partial class S3BlobStore
{
    public async Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct)
    {
        var part = UploadId.New();
        var key = PartKey(uploadId, part);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        try
        {
            var length = await FillAsync(data, buffers[0], ct);
            if (length < BufferSize)
            {
                // Most bodies (configs, small layers, a client's chunks) fit one buffer: one PutObject.
                await PutAsync(key, buffers[0], length, ct);
                return new StagedPart(part, length);
            }

            return new StagedPart(part, await WriteMultipartAsync(key, data, buffers, length, ct));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    public async Task DeletePartAsync(string uploadId, string partId, CancellationToken ct) =>
        await s3.DeleteObjectAsync(Bucket, PartKey(uploadId, partId), ct);

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct)
    {
        UploadKey(uploadId);
        return Task.FromResult<Stream>(new ConcatenatedStream(
            [.. parts.Select(part => new StreamSegment(c => OpenPartAsync(uploadId, new PartRange(part.Id, 0, part.Length), c), part.Length))]));
    }

    public async Task DeleteUploadAsync(string uploadId, CancellationToken ct)
    {
        // Listed rather than taken from the session, so parts no session recorded (a writer that lost) go too; and
        // listed again until a listing comes back empty: with one listing only, a part was once left behind on the Ceph
        // gateway (MigrateResumeTests), a listing apparently missing an object written a moment before. Every completed
        // upload passes here before its client gets the answer: the usual single part goes by DeleteObject, which
        // costs the gateway less than DeleteObjects.
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = UploadKey(uploadId), MaxKeys = settings.ListPageSize };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, ct);
            switch (page.S3Objects)
            {
                case null or []:
                    return;
                case [var only]:
                    await s3.DeleteObjectAsync(Bucket, only.Key, ct);
                    break;
                case var several:
                    var deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = Bucket, Objects = [.. several.Select(o => new KeyVersion { Key = o.Key })], Quiet = true,
                    }, ct);
                    if (deleted.DeleteErrors is [var error, ..])
                    {
                        // Quiet mode reports failures in the answer, not as an error: listing again would find them for ever.
                        throw new IOException($"could not delete {error.Key} of upload {uploadId}: {error.Code} {error.Message}");
                    }

                    break;
            }
        }
    }

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var root = _prefix + "uploads/";
        string? current = null;
        var lastWrite = DateTimeOffset.MinValue;
        // Keys come in order, so all of one upload's parts are listed together.
        await foreach (var entry in ListObjectsAsync(root, ct))
        {
            var id = entry.Key[root.Length..].Split('/')[0];
            if (id != current)
            {
                if (current is not null)
                {
                    yield return new StagedUpload(current, lastWrite);
                }

                (current, lastWrite) = (UploadId.IsValid(id) ? id : null, DateTimeOffset.MinValue);
            }

            lastWrite = Max(lastWrite, entry.LastModified);
        }

        if (current is not null)
        {
            yield return new StagedUpload(current, lastWrite);
        }
    }

    public async Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct)
    {
        var aborted = 0;
        var request = new ListMultipartUploadsRequest { BucketName = Bucket, Prefix = _prefix, MaxUploads = settings.ListPageSize };
        while (true)
        {
            var page = await s3.ListMultipartUploadsAsync(request, ct);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                // Only this store's own keys: the bucket (or the part of it without a prefix) may hold others'.
                var ours = upload.Key.StartsWith(_prefix + "blobs/", StringComparison.Ordinal) || upload.Key.StartsWith(_prefix + "uploads/", StringComparison.Ordinal);
                if (ours && Max(DateTimeOffset.MinValue, upload.Initiated) < startedBefore)
                {
                    await AbortQuietlyAsync(upload.Key, upload.UploadId);
                    aborted++;
                }
            }

            if (page.IsTruncated != true)
            {
                return aborted;
            }

            (request.KeyMarker, request.UploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }
}
