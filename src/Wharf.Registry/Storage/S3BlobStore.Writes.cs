using Amazon.S3;
using Amazon.S3.Model;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>The requests <see cref="S3BlobStore"/> writes and reads staged bytes with.</summary>
public sealed partial class S3BlobStore
{
    /// <summary>A body longer than one buffer, sent as a multipart upload of buffer-sized pieces: the next buffer is
    /// read from the client while the last is sent. Returns the body's length.</summary>
    private async Task<long> WriteMultipartAsync(string key, Stream data, byte[][] buffers, int firstLength, CancellationToken ct)
    {
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, ct);
        var sent = new List<PartETag>();
        Task<UploadPartResponse>? sending = null;
        var (length, total, current) = (firstLength, 0L, 0);
        try
        {
            while (true)
            {
                if (sending is not null)
                {
                    var done = await sending;
                    sent.Add(new PartETag(done.PartNumber ?? sent.Count + 1, done.ETag));
                    sending = null;
                }

                if (length == 0)
                {
                    break;
                }

                var number = sent.Count + 1;
                if (number > S3CommitPlan.MaxParts)
                {
                    throw new RegistryException(OciErrorCode.SizeInvalid, $"a request body may be at most {(long)S3CommitPlan.MaxParts * BufferSize} bytes; send it in chunks");
                }

                sending = UploadPartAsync(key, upload.UploadId, number, buffers[current], length, ct);
                total += length;
                current ^= 1;
                length = await FillAsync(data, buffers[current], ct);
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartETags = sent }, ct);
            return total;
        }
        catch
        {
            if (sending is not null)
            {
                // Its buffer goes back to the pool after this: wait until the SDK is done reading it.
                await sending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }
    }

    private Task<UploadPartResponse> UploadPartAsync(string key, string uploadId, int number, byte[] buffer, int length, CancellationToken ct) =>
        s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
        }, ct);

    private async Task PutAsync(string key, byte[] buffer, int length, CancellationToken ct) =>
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(buffer, 0, length, writable: false) }, ct);

    /// <summary>Opens a range of a staged part; BLOB_UPLOAD_UNKNOWN when the part is gone.</summary>
    private async Task<Stream> OpenPartAsync(string uploadId, PartRange range, CancellationToken ct)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = Bucket,
                Key = PartKey(uploadId, range.PartId),
                ByteRange = new ByteRange(range.From, range.From + range.Length - 1),
            }, ct);
            return new ResponseReadStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            throw StagingGone(uploadId);
        }
    }

    /// <summary>Best effort and not cancellable: what is left is aborted by the purger after <c>Uploads:MaxAge</c>.</summary>
    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (AmazonS3Exception)
        {
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < BufferSize)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), ct);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }

    private static DateTimeOffset Max(DateTimeOffset current, DateTime? time) =>
        time is { } t && new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime()) is var value && value > current
            ? value
            : current;
}
