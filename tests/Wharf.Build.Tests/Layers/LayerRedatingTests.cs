using System.Formats.Tar;
using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;

namespace Wharf.Build.Tests.Layers;

/// <summary>Re-dating a layer written at one epoch gives, byte for byte, the layer written at the other: the cache
/// serves a build at a new epoch exactly what a cold build there makes.</summary>
public sealed class LayerRedatingTests : IDisposable
{
    private const long Now = 1_700_000_000;
    private const long Old = 1_000_000_000;
    private readonly TempDirectory _dir = new("wharf-redate-");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1_600_000_000, 1_650_000_000)] // a later commit
    [InlineData(1_650_000_000, 1_600_000_000)] // an earlier one
    [InlineData(1_600_000_000, 900_000_000)] // earlier than the files' own old times
    [InlineData(1_600_000_000, 1_600_000_000)]
    public async Task A_layer_re_dated_to_another_epoch_is_the_layer_written_at_it(long from, long to)
    {
        var root = Directory.CreateDirectory(_dir["tree"]).FullName;
        var entries = SampleTree.Create(root, Now);
        LinuxFiles.SetTimes(Path.Combine(root, "etc/config"), Old, 0); // unpacked with its own old time, as dpkg does
        LinuxFiles.SetTimes(Path.Combine(root, SampleTree.LongName), Old, 0);
        var written = await WriteAsync(root, entries, from);

        var redated = await RedateAsync(written, from, to);

        Assert.Equal(await WriteAsync(root, entries, to), redated);
    }

    [Fact]
    public async Task Gzip_and_zstd_layers_re_encode_to_the_bytes_of_a_cold_write()
    {
        var root = Directory.CreateDirectory(_dir["tree"]).FullName;
        var entries = SampleTree.Create(root, Now);
        foreach (var compression in new[] { LayerCompression.Gzip, LayerCompression.Zstd })
        {
            using var tar = new MemoryStream(await WriteAsync(root, entries, 1_600_000_000));
            using var output = new MemoryStream();
            var options = new LayerWriterOptions(compression, 1_650_000_000);
            var reencoded = await LayerWriter.EncodeAsync(options, output, async destination =>
            {
                await LayerRedating.CopyAsync(tar, destination, 1_600_000_000, 1_650_000_000, Ct);
                return [];
            }, Ct);

            using var cold = new MemoryStream();
            var written = await LayerWriter.WriteAsync(root, entries, options, cold, Ct);
            Assert.Equal(cold.ToArray(), output.ToArray());
            Assert.Equal(written.DiffId, reencoded.DiffId);
            Assert.Equal(written.Digest, reencoded.Digest);
        }
    }

    [Theory]
    [InlineData(TarEntryFormat.Gnu)] // a long name as a GNU 'L' member, which the writer never writes
    [InlineData(TarEntryFormat.V7)] // no ustar magic
    public async Task A_tar_the_layer_writer_did_not_write_is_refused(TarEntryFormat format)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, format, leaveOpen: true))
        {
            await writer.WriteEntryAsync(TarEntryFor(format, new string('n', 150)), Ct);
        }

        tar.Position = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => LayerRedating.CopyAsync(tar, Stream.Null, 1, 2, Ct));
    }

    [Fact]
    public async Task A_pax_mtime_is_refused_rather_than_left_at_the_old_epoch()
    {
        var root = Directory.CreateDirectory(_dir["tree"]).FullName;
        File.WriteAllText(Path.Combine(root, "f"), "x");
        LinuxFiles.SetTimes(Path.Combine(root, "f"), -5, 0); // before 1970: only a PAX record holds it
        using var tar = new MemoryStream(await WriteAsync(root, [new LayerEntry("f", LayerEntryKind.Object)], null));

        await Assert.ThrowsAsync<InvalidDataException>(() => LayerRedating.CopyAsync(tar, Stream.Null, 1, 2, Ct));
    }

    private static TarEntry TarEntryFor(TarEntryFormat format, string name) => format switch
    {
        TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, name),
        _ => new V7TarEntry(TarEntryType.V7RegularFile, "short"),
    };

    private static async Task<byte[]> WriteAsync(string root, IReadOnlyList<LayerEntry> entries, long? epoch)
    {
        using var output = new MemoryStream();
        await LayerWriter.WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.None, epoch), output, Ct);
        return output.ToArray();
    }

    private static async Task<byte[]> RedateAsync(byte[] tar, long from, long to)
    {
        using var source = new MemoryStream(tar);
        using var output = new MemoryStream();
        await LayerRedating.CopyAsync(source, output, from, to, Ct);
        return output.ToArray();
    }
}
