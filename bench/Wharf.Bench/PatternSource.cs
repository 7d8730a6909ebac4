using System.Security.Cryptography;

namespace Wharf.Bench;

/// <summary>
/// A large, deterministic, incompressible blob that is never held in memory: byte ranges are served as slices of one
/// shared 32 MiB random pool, each 256 KiB segment starting at a pool offset derived from (seed, segment index).
/// Sending is therefore a zero-copy write of pool slices, so the client spends its CPU on the socket, not on data.
/// </summary>
internal sealed class PatternSource
{
    public const int SegmentSize = 256 * 1024;
    private const int PoolSize = 32 * 1024 * 1024;
    private static readonly Lazy<byte[]> Pool = new(CreatePool);

    private readonly ulong _seed;
    private string? _digest;

    public PatternSource(ulong seed, long length)
    {
        _seed = seed;
        Length = length;
    }

    public long Length { get; }

    /// <summary>The blob's <c>sha256:</c> digest, computed once by streaming it through SHA-256.</summary>
    public string Digest
    {
        get
        {
            if (_digest is null)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                for (long position = 0; position < Length; position += SegmentSize)
                {
                    hash.AppendData(Slice(position, (int)Math.Min(SegmentSize, Length - position)).Span);
                }
                _digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            return _digest;
        }
    }

    /// <summary>Writes bytes [start, start + count) to <paramref name="stream"/>.</summary>
    public async Task WriteRangeAsync(Stream stream, long start, long count, CancellationToken ct)
    {
        var position = start;
        var end = start + count;
        while (position < end)
        {
            var within = (int)(position % SegmentSize);
            var n = (int)Math.Min(SegmentSize - within, end - position);
            await stream.WriteAsync(Slice(position, n), ct);
            position += n;
        }
    }

    /// <summary>A slice that stays inside the segment holding <paramref name="position"/>.</summary>
    private ReadOnlyMemory<byte> Slice(long position, int count)
    {
        var segment = position / SegmentSize;
        var within = (int)(position % SegmentSize);
        return Pool.Value.AsMemory(OffsetOf(segment) + within, count);
    }

    private int OffsetOf(long segment)
    {
        // SplitMix64 of (seed, segment): cheap, deterministic, and different for every seed.
        var z = (_seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)segment + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z % PoolSize);
    }

    private static byte[] CreatePool()
    {
        var pool = GC.AllocateUninitializedArray<byte>(PoolSize + SegmentSize);
        new Random(20_250_601).NextBytes(pool);
        return pool;
    }
}
