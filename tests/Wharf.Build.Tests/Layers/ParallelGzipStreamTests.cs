using System.IO.Compression;
using System.Text;
using Wharf.Build.Layers;

namespace Wharf.Build.Tests.Layers;

/// <summary>The pigz-style gzip writer: the same bytes whatever the concurrency and however the input is cut into
/// writes; a valid gzip member for .NET's GZipStream and for gzip itself at every chunk boundary; incompressible
/// chunks stored, compressible ones deflated.</summary>
public sealed class ParallelGzipStreamTests : IDisposable
{
    private const int Chunk = ParallelGzipStream.ChunkSize;
    private readonly TempDirectory _dir = new("wharf-pgzip-");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_bytes_do_not_depend_on_the_concurrency_or_the_writes()
    {
        var data = Mixed();
        var reference = await CompressAsync(data, concurrency: 1, writeSize: data.Length);

        foreach (var concurrency in new[] { 1, 2, 3, 8 })
        {
            foreach (var writeSize in new[] { 1000, 4096, 65_537, Chunk, Chunk + 1 })
            {
                Assert.Equal(reference, await CompressAsync(data, concurrency, writeSize));
            }
        }

        Assert.Equal(data, Decompress(reference));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(2 * Chunk)]
    [InlineData((2 * Chunk) + 1)]
    public async Task Every_chunk_boundary_gives_a_valid_member(int length)
    {
        foreach (var data in new[] { Text(length), Random(length, seed: length) })
        {
            var gzip = await CompressAsync(data, concurrency: 4, writeSize: 100_000);
            Assert.Equal(data, Decompress(gzip));
            Assert.Equal(gzip, await CompressAsync(data, concurrency: 1, writeSize: data.Length));

            var file = _dir["layer.gz"];
            await File.WriteAllBytesAsync(file, gzip, Ct);
            await ExternalTool.RunAsync("gzip", "-t", file);
            var decompressed = await ExternalTool.RunAsync("bash", "-o", "pipefail", "-c", "gzip -dc \"$1\" | sha256sum", "_", file);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), decompressed.Split(' ')[0]);
        }
    }

    [Fact]
    public async Task The_header_is_fixed_and_the_trailer_holds_crc_and_length()
    {
        var data = Text(3 * Chunk / 2);
        var gzip = await CompressAsync(data, concurrency: 2, writeSize: 8192);
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }, gzip[..10]);
        Assert.Equal(System.IO.Hashing.Crc32.Hash(data), gzip[^8..^4]);
        Assert.Equal(BitConverter.GetBytes(data.Length), gzip[^4..]);
    }

    [Fact]
    public async Task Random_chunks_are_stored_and_text_and_repeats_are_deflated()
    {
        var random = Random(4 * Chunk, seed: 7);
        var stored = await CompressAsync(random, concurrency: 2, writeSize: random.Length);
        // Each chunk is stored blocks of at most 65,535 bytes, 5 bytes of header each; gzip's header and trailer 18.
        const int blocksPerChunk = (Chunk + 65_534) / 65_535;
        Assert.Equal(random.Length + (4 * 5 * blocksPerChunk) + 18, stored.Length);

        var text = await CompressAsync(Text(4 * Chunk), concurrency: 2, writeSize: Chunk);
        Assert.True(text.Length < Chunk, $"text compressed to {text.Length} bytes");

        // Every byte value equally often, but a pattern: the byte counts pass, the trial deflate does not.
        var counter = Enumerable.Range(0, 4 * Chunk).Select(i => (byte)i).ToArray();
        var repeated = await CompressAsync(counter, concurrency: 2, writeSize: Chunk);
        Assert.True(repeated.Length < Chunk / 16, $"a counter pattern compressed to {repeated.Length} bytes");
        Assert.Equal(counter, Decompress(repeated));
    }

    [Fact]
    public async Task Nothing_may_be_written_synchronously()
    {
        using var output = new MemoryStream();
        using var gzip = new ParallelGzipStream(output, 2);
        Assert.Throws<NotSupportedException>(() => gzip.Write(new byte[1]));
        await gzip.FinishAsync(Ct);
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 }, output.ToArray());
    }

    [Fact]
    public async Task It_gives_the_sha256_of_the_tar_and_its_length()
    {
        var data = Mixed();
        using var output = new MemoryStream();
        await using var gzip = new ParallelGzipStream(output, 2);
        await gzip.WriteAsync(data, Ct);
        Assert.Throws<InvalidOperationException>(() => gzip.TarDigest); // not before the end
        await gzip.FinishAsync(Ct);
        Assert.Equal($"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data))}", $"{gzip.TarDigest}");
        Assert.Equal(data.Length, gzip.Position);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_destination_that_fails_fails_the_writes_with_its_own_error(int concurrency)
    {
        var destination = new FailingStream(failAfter: Chunk / 2);
        await using var gzip = new ParallelGzipStream(destination, concurrency);
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            // Far more than the queue holds: the writing side must stop, not wait for ever for room.
            foreach (var _ in Enumerable.Range(0, 20))
            {
                await gzip.WriteAsync(Text(Chunk), Ct);
            }

            await gzip.FinishAsync(Ct);
        });
        Assert.Equal("disk full", failure.Message);
    }

    [Fact]
    public async Task An_abandoned_stream_writes_nothing_more()
    {
        var destination = new FailingStream(failAfter: long.MaxValue);
        await using (var gzip = new ParallelGzipStream(destination, 2))
        {
            await gzip.WriteAsync(Random(5 * Chunk, seed: 3), Ct);
        }

        var written = destination.Written;
        await Task.Delay(200, Ct);
        Assert.Equal(written, destination.Written);
        Assert.True(written < 5L * Chunk, $"{written} bytes reached the destination"); // at most what was compressed before
    }

    /// <summary>Text, random bytes, zeros and text again, with boundaries between kinds inside chunks.</summary>
    private static byte[] Mixed() =>
        [.. Text((2 * Chunk) + 300), .. Random((3 * Chunk / 2) + 7, seed: 1), .. new byte[Chunk / 3], .. Text(Chunk + 11)];

    private static byte[] Text(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("record ").Append(i).Append(" of a layer that compresses well\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> CompressAsync(byte[] data, int concurrency, int writeSize)
    {
        using var output = new MemoryStream();
        await using (var gzip = new ParallelGzipStream(output, concurrency))
        {
            for (var offset = 0; offset < data.Length; offset += writeSize)
            {
                await gzip.WriteAsync(data.AsMemory(offset, Math.Min(writeSize, data.Length - offset)), Ct);
            }

            await gzip.FinishAsync(Ct);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] gzip)
    {
        using var decompressed = new MemoryStream();
        using (var reader = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        {
            reader.CopyTo(decompressed);
        }

        return decompressed.ToArray();
    }

    /// <summary>A destination that accepts <c>failAfter</c> bytes and then fails every write.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Written + buffer.Length > failAfter)
            {
                throw new IOException("disk full");
            }

            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
