using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>How <see cref="S3BlobStore"/> commits: it composes the parts into the blob's key inside the store. One part
/// is copied (CopyObject: the common case of one PATCH or a monolithic push); several are assembled by a multipart
/// upload (<see cref="S3CommitPlan"/>); a blob under 5 MiB made of several parts is read through and put whole.
/// The blob's key appears atomically either way, and committing the same digest twice writes the same bytes twice.</summary>
public sealed partial class S3BlobStore
{
    public async Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct)
    {
        UploadKey(uploadId);
        var key = BlobKey(digest);
        if (await FindSizeAsync(key, ct) is not null)
        {
            return;
        }

        var pieces = S3CommitPlan.Plan(parts, BufferSize);
        try
        {
            switch (pieces)
            {
                case []:
                    await PutAsync(key, [], 0, ct);
                    break;
                case [{ Copy: true, Ranges: [var whole] }] when whole.From == 0 && parts.Single(p => p.Id == whole.PartId).Length == whole.Length:
                    await s3.CopyObjectAsync(new CopyObjectRequest
                    {
                        SourceBucket = Bucket,
                        SourceKey = PartKey(uploadId, whole.PartId),
                        DestinationBucket = Bucket,
                        DestinationKey = key,
                    }, ct);
                    break;
                case [{ Copy: false } small]:
                    await PutReadThroughAsync(uploadId, key, small, ct);
                    break;
                default:
                    await ComposeAsync(uploadId, key, pieces, ct);
                    break;
            }
        }
        catch (Exception e) when (e is AmazonS3Exception { ErrorCode: "NoSuchKey" } or RegistryException { Code: OciErrorCode.BlobUploadUnknown })
        {
            // Another completer of the same upload got there first and removed the staging once it had committed.
            if (await FindSizeAsync(key, CancellationToken.None) is null)
            {
                throw StagingGone(uploadId);
            }
        }
    }

    private async Task PutReadThroughAsync(string uploadId, string key, CommitPiece piece, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await PutAsync(key, buffer, await ReadPieceAsync(uploadId, piece, buffer, ct), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ComposeAsync(string uploadId, string key, IReadOnlyList<CommitPiece> pieces, CancellationToken ct)
    {
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key }, ct);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var sent = new List<PartETag>(pieces.Count);
            foreach (var piece in pieces)
            {
                var number = sent.Count + 1;
                if (piece.Copy)
                {
                    var range = piece.Ranges[0];
                    var copied = await s3.CopyPartAsync(new CopyPartRequest
                    {
                        SourceBucket = Bucket,
                        SourceKey = PartKey(uploadId, range.PartId),
                        DestinationBucket = Bucket,
                        DestinationKey = key,
                        UploadId = upload.UploadId,
                        PartNumber = number,
                        FirstByte = range.From,
                        LastByte = range.From + range.Length - 1,
                    }, ct);
                    sent.Add(new PartETag(number, copied.ETag));
                }
                else
                {
                    var length = await ReadPieceAsync(uploadId, piece, buffer, ct);
                    var uploaded = await UploadPartAsync(key, upload.UploadId, number, buffer, length, ct);
                    sent.Add(new PartETag(number, uploaded.ETag));
                }
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartETags = sent }, ct);
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the ranges of a read-through piece (at most one buffer long) into <paramref name="buffer"/>.</summary>
    private async Task<int> ReadPieceAsync(string uploadId, CommitPiece piece, byte[] buffer, CancellationToken ct)
    {
        await using var source = new ConcatenatedStream([.. piece.Ranges.Select(r => new StreamSegment(c => OpenPartAsync(uploadId, r, c), r.Length))]);
        var length = (int)piece.Length;
        await source.ReadExactlyAsync(buffer.AsMemory(0, length), ct);
        return length;
    }
}
