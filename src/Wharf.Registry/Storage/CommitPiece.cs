namespace Wharf.Registry.Storage;

/// <summary>One part of the S3 multipart upload that composes a blob (see <see cref="S3CommitPlan"/>): either a range
/// of one staged part copied inside the object store (<paramref name="Copy"/>, UploadPartCopy), or ranges of small parts
/// read through Wharf and sent as one UploadPart.</summary>
internal sealed record CommitPiece(IReadOnlyList<PartRange> Ranges, bool Copy)
{
    public long Length { get; } = Ranges.Sum(r => r.Length);
}
