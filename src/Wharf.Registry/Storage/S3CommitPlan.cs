using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>Decides how a blob is composed from its staged parts on S3, where every part of a multipart upload but the
/// last must be at least 5 MiB and at most 5 GiB, and there are at most 10,000 of them. The client's chunk sizes are
/// the client's business: S3's minimum is met here, not asked of them.
/// <list type="bullet">
/// <item>A part of 5 MiB or more is copied inside the object store (UploadPartCopy), split when over 5 GiB.</item>
/// <item>Runs of smaller parts are read through Wharf and sent as pieces of at most <c>bufferSize</c> bytes; a run
/// still short of 5 MiB when a large part follows borrows that part's first bytes to reach the minimum.</item>
/// </list>
/// The pieces cover the parts' concatenation exactly, in order.</summary>
internal static class S3CommitPlan
{
    public const long MinPartSize = 5L * 1024 * 1024;
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;
    public const int MaxParts = 10_000;

    public static IReadOnlyList<CommitPiece> Plan(IReadOnlyList<StagedPart> parts, long bufferSize)
    {
        var pieces = new List<CommitPiece>();
        var run = new List<PartRange>();
        var runLength = 0L;

        foreach (var part in parts.Where(p => p.Length > 0))
        {
            var at = 0L;
            if (part.Length >= MinPartSize)
            {
                if (runLength is > 0 and < MinPartSize)
                {
                    at = MinPartSize - runLength;
                    AddStreamed(new PartRange(part.Id, 0, at));
                }

                Flush();
                if (part.Length - at >= MinPartSize)
                {
                    AddCopies(part, at);
                    continue;
                }
            }

            while (at < part.Length)
            {
                var take = Math.Min(part.Length - at, bufferSize - runLength);
                AddStreamed(new PartRange(part.Id, at, take));
                at += take;
                if (runLength == bufferSize)
                {
                    Flush();
                }
            }
        }

        Flush();
        return pieces.Count <= MaxParts
            ? pieces
            : throw new RegistryException(OciErrorCode.SizeInvalid, $"an upload of {parts.Count} chunks this size needs more than {MaxParts} pieces to assemble; send larger chunks");

        void AddStreamed(PartRange range)
        {
            run.Add(range);
            runLength += range.Length;
        }

        void Flush()
        {
            if (runLength > 0)
            {
                pieces.Add(new CommitPiece([.. run], Copy: false));
            }

            run.Clear();
            runLength = 0;
        }

        void AddCopies(StagedPart part, long from)
        {
            // Equal slices: with more than one, each is over 2.5 GiB, far above the minimum.
            var rest = part.Length - from;
            var count = (rest + MaxPartSize - 1) / MaxPartSize;
            var slice = (rest + count - 1) / count;
            for (var start = from; start < part.Length; start += slice)
            {
                pieces.Add(new CommitPiece([new PartRange(part.Id, start, Math.Min(slice, part.Length - start))], Copy: true));
            }
        }
    }
}
