using System.Text;
using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;
using Wharf.Oci;

namespace Wharf.Build.Tests.Layers;

/// <summary>Layers compressed on several threads: the same bytes as on one, for gzip and zstd; tars that end or put a
/// member exactly on a gzip chunk boundary; an empty layer; large random data. Every gzip layer passes `gzip -t` and
/// `gzip -dc | sha256sum` gives its diffID.</summary>
public sealed class ParallelLayerCompressionTests : IDisposable
{
    private const int Chunk = ParallelGzipStream.ChunkSize;
    private const int Block = 512;
    private readonly TempDirectory _dir = new("wharf-parallel-layer-");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task The_bytes_are_the_same_for_one_thread_and_many(LayerCompression compression)
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        // More than one zstd job (8 MiB at level 3) and many gzip chunks, compressible and not.
        WriteFile(root, "a/random.bin", Random(9 * Chunk, seed: 3));
        WriteFile(root, "a/text.txt", Text((5 * Chunk) + 77));
        WriteFile(root, "b/empty", []);
        WriteFile(root, "b/small", "small"u8.ToArray());
        var entries = Entries(root, "a", "a/random.bin", "a/text.txt", "b", "b/empty", "b/small");

        var (one, written) = await WriteAsync(root, entries, compression, concurrency: 1);
        foreach (var concurrency in new[] { 2, 3, 8 })
        {
            Assert.Equal(one, (await WriteAsync(root, entries, compression, concurrency)).Layer);
        }

        await CheckWithToolsAsync(one, written);
    }

    /// <param name="firstSize">The size of <c>a</c>, the first member: its header and data come first, then <c>b</c>
    /// (empty: a header only), then the tar's two zero blocks.</param>
    [Theory]
    [InlineData(Chunk - Block)] // b's header starts a chunk
    [InlineData(Chunk - (2 * Block))] // b's header ends a chunk
    [InlineData(Chunk - (4 * Block))] // the tar is exactly one chunk
    [InlineData(Chunk - (3 * Block))] // one block over
    [InlineData((2 * Chunk) - (4 * Block))] // exactly two chunks
    public async Task Members_and_ends_on_a_chunk_boundary(int firstSize)
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        WriteFile(root, "a", Text(firstSize));
        WriteFile(root, "b", []);
        var entries = Entries(root, "a", "b");

        var (layer, written) = await WriteAsync(root, entries, LayerCompression.Gzip, concurrency: 3);

        Assert.Equal(firstSize + (4L * Block), written.UncompressedSize);
        Assert.Equal(layer, (await WriteAsync(root, entries, LayerCompression.Gzip, concurrency: 1)).Layer);
        Assert.Equal(["a", "b"], LayerReading.Entries(layer, written.MediaType).Select(m => m.Entry.Name));
        await CheckWithToolsAsync(layer, written);
    }

    [Fact]
    public async Task An_empty_layer_is_two_zero_blocks_in_a_valid_member()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;

        var (layer, written) = await WriteAsync(root, [], LayerCompression.Gzip, concurrency: 2);

        Assert.Equal(2 * Block, written.UncompressedSize);
        Assert.Empty(LayerReading.Entries(layer, written.MediaType));
        await CheckWithToolsAsync(layer, written);
    }

    [Fact]
    public async Task Large_random_data_is_stored_not_deflated()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        WriteFile(root, "random.bin", Random(24 * Chunk, seed: 11));

        var (layer, written) = await WriteAsync(root, Entries(root, "random.bin"), LayerCompression.Gzip, concurrency: 2);

        // Stored blocks add 5 bytes per 64 KiB; deflating random data would add as much and take five times as long.
        Assert.InRange(written.Size, written.UncompressedSize, written.UncompressedSize + (written.UncompressedSize / 1000));
        await CheckWithToolsAsync(layer, written);
    }

    private async Task CheckWithToolsAsync(byte[] layer, WrittenLayer written)
    {
        Assert.Equal(Digest.Compute(layer), written.Digest);
        Assert.Equal(layer.Length, written.Size);
        var zstd = written.MediaType == MediaTypes.OciLayerZstd;
        var file = _dir[zstd ? "layer.tar.zst" : "layer.tar.gz"];
        await File.WriteAllBytesAsync(file, layer, Ct);
        var tool = zstd ? "zstd -q" : "gzip";
        await ExternalTool.RunAsync("bash", "-c", $"{tool} -t \"$1\"", "_", file);
        var sha256 = await ExternalTool.RunAsync("bash", "-o", "pipefail", "-c", $"{tool} -dc \"$1\" | sha256sum", "_", file);
        Assert.Equal(written.DiffId.Hex, sha256.Split(' ')[0]);
    }

    private static async Task<(byte[] Layer, WrittenLayer Written)> WriteAsync(
        string root, IReadOnlyList<LayerEntry> entries, LayerCompression compression, int concurrency)
    {
        using var output = new MemoryStream();
        var options = new LayerWriterOptions(compression, 0) { CompressionConcurrency = concurrency };
        var written = await LayerWriter.WriteAsync(root, entries, options, output, Ct);
        return (output.ToArray(), written);
    }

    private static List<LayerEntry> Entries(string root, params string[] paths)
    {
        foreach (var path in paths)
        {
            LinuxFiles.SetTimes(Path.Combine(root, path), 1_700_000_000, 0);
        }

        return [.. paths.Select(p => new LayerEntry(p, LayerEntryKind.Object))];
    }

    private static void WriteFile(string root, string path, byte[] content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    private static byte[] Text(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("line ").Append(i).Append(" of a file in a layer\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
