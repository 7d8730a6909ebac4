using System.IO.Compression;

namespace Wharf.Build.Layers;

/// <summary>Whether a chunk of a layer is not worth deflating: random, encrypted or already compressed bytes, which
/// zlib at level 6 takes four to five times as long over as over text (it searches for matches that are not there) to
/// save nothing. Such a chunk is stored instead, at the speed of a copy. The answer depends only on the chunk's bytes,
/// in integer arithmetic, so every machine decides the same way (floating-point logarithms may differ in their last
/// bit between C libraries). Two tests, both needed:
/// <list type="bullet">
/// <item>the bytes are spread almost evenly over all 256 values — the collision sum Σn² is at most (1 + 1/16) times
/// that of a perfectly even spread, so the Rényi entropy, a lower bound of the Shannon entropy, is above 7.91
/// bits a byte and no Huffman code can save more than about 1%; it looks at the first 64 KiB first and at the whole
/// chunk only if those pass, so text is turned away after a glance;</item>
/// <item>and the first 8 KiB do not shrink by 3% at zlib level 1: evenly spread bytes can still repeat (a counter
/// pattern, a small random block written twice), which matches find and byte counts do not.</item>
/// </list>
/// A wrong "incompressible" costs a few per cent of that chunk's size, never correctness.</summary>
internal static class IncompressibleChunk
{
    private const int GlanceSize = 64 * 1024;
    private const int TrialSize = 8 * 1024;

    public static bool Test(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < GlanceSize)
        {
            return false; // a small last chunk: deflating it costs little
        }

        return EvenlySpread(chunk[..GlanceSize]) && EvenlySpread(chunk) && !ShrinksAtLevelOne(chunk[..TrialSize]);
    }

    /// <summary>256·Σn² ≤ (1 + 1/16)·N², i.e. the chance that two bytes drawn at random are equal is at most 1/16 above
    /// 1/256. N ≤ 2^20 keeps every product inside a long.</summary>
    private static bool EvenlySpread(ReadOnlySpan<byte> bytes)
    {
        Span<int> counts = stackalloc int[256 * 4];
        var i = 0;
        for (; i + 4 <= bytes.Length; i += 4)
        {
            // Four tables, so that a run of one value does not make every increment wait on the one before.
            counts[bytes[i]]++;
            counts[256 + bytes[i + 1]]++;
            counts[512 + bytes[i + 2]]++;
            counts[768 + bytes[i + 3]]++;
        }

        for (; i < bytes.Length; i++)
        {
            counts[bytes[i]]++;
        }

        long collisions = 0;
        for (var value = 0; value < 256; value++)
        {
            long n = counts[value] + counts[256 + value] + counts[512 + value] + counts[768 + value];
            collisions += n * n;
        }

        long length = bytes.Length;
        return 16 * 256 * collisions <= 17 * length * length;
    }

    private static bool ShrinksAtLevelOne(ReadOnlySpan<byte> sample)
    {
        using var output = new MemoryStream(2 * sample.Length);
        using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = 1 }, leaveOpen: true))
        {
            deflate.Write(sample);
        }

        return output.Length * 100 < sample.Length * 97;
    }
}
