using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;
using Wharf.Oci;

namespace Wharf.Build.Tests.Layers;

public sealed class LayerWriterTests : IDisposable
{
    private const long Mtime = 1_700_000_000;
    private readonly TempDirectory _dir = new("wharf-writer-");

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public async Task Every_member_and_field_reads_back_with_TarReader(LayerCompression compression)
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        var entries = SampleTree.Create(root, Mtime);
        var (layer, written) = await WriteAsync(root, entries, new LayerWriterOptions(compression, null));

        var members = LayerReading.Entries(layer, written.MediaType);
        string[] expectedOrder =
        [
            "bin/", "bin/ping", "bin/tool", "data/", "data/.wh..wh..opq", "data/a", "data/b", "data/big-uid", "data/naïve €.txt",
            "dev/", "dev/null", "dev/sda", "empty/", "etc/", "etc/.wh.removed", "etc/config", "etc/far", "etc/link", "long/",
            SampleTree.LongDirectory + "/", SampleTree.LongName, "run/", "run/fifo", "tmp/",
        ];
        Assert.Equal(expectedOrder, members.Select(m => m.Entry.Name));
        var byName = members.ToDictionary(m => m.Entry.Name);

        Check(byName["bin/"], TarEntryType.Directory, 0x1ED, 0, 0, Mtime);
        Check(byName["bin/tool"], TarEntryType.RegularFile, 0x9ED, 0, 0, Mtime, "hello tool\n");
        Check(byName["etc/config"], TarEntryType.RegularFile, 0x1A0, 1000, 1001, Mtime, "key=value\n");
        Check(byName["etc/link"], TarEntryType.SymbolicLink, 0x1FF, 0, 0, Mtime);
        Assert.Equal("config", byName["etc/link"].Entry.LinkName);
        Assert.Equal(SampleTree.LongTarget, byName["etc/far"].Entry.LinkName);
        Check(byName["data/big-uid"], TarEntryType.RegularFile, 0x1A4, 3_000_000, 4_000_000, Mtime, "x");
        Check(byName["data/a"], TarEntryType.RegularFile, 0x1A4, 0, 0, Mtime, "shared content");
        Check(byName["data/b"], TarEntryType.HardLink, 0x1A4, 0, 0, Mtime);
        Assert.Equal("data/a", byName["data/b"].Entry.LinkName);
        Check(byName["data/naïve €.txt"], TarEntryType.RegularFile, 0x1A4, 0, 0, Mtime, "unicode");
        Check(byName[SampleTree.LongName], TarEntryType.RegularFile, 0x1A4, 0, 0, Mtime, "long");
        Check(byName["dev/null"], TarEntryType.CharacterDevice, 0x1B6, 0, 0, Mtime);
        Assert.Equal((1, 3), (((PosixTarEntry)byName["dev/null"].Entry).DeviceMajor, ((PosixTarEntry)byName["dev/null"].Entry).DeviceMinor));
        Check(byName["dev/sda"], TarEntryType.BlockDevice, 0x1B0, 0, 0, Mtime);
        Assert.Equal((8, 0), (((PosixTarEntry)byName["dev/sda"].Entry).DeviceMajor, ((PosixTarEntry)byName["dev/sda"].Entry).DeviceMinor));
        Check(byName["run/fifo"], TarEntryType.Fifo, 0x1A4, 0, 0, Mtime);
        Check(byName["tmp/"], TarEntryType.Directory, 0x3FF, 0, 0, Mtime);
        Check(byName["empty/"], TarEntryType.Directory, 0x1C0, 0, 0, Mtime);

        // Whiteouts: empty regular files, mode 0, root, dated at the mtime of their directory without an epoch.
        Check(byName["etc/.wh.removed"], TarEntryType.RegularFile, 0, 0, 0, Mtime, "");
        Check(byName["data/.wh..wh..opq"], TarEntryType.RegularFile, 0, 0, 0, Mtime, "");

        // Only the capability xattr, and only where it is set.
        var ping = Assert.IsType<PaxTarEntry>(byName["bin/ping"].Entry);
        Assert.Contains("SCHILY.xattr.security.capability", ping.ExtendedAttributes.Keys);
        Assert.DoesNotContain(members, m => m.Entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(k => k.Contains("user.", StringComparison.Ordinal)));
        Assert.DoesNotContain(members, m => m.Entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(k => k is "atime" or "ctime"));

        Assert.Equal(
            ["bin", "bin/ping", "bin/tool", "data", "data", "data/a", "data/b", "data/big-uid", "data/naïve €.txt", "dev", "dev/null", "dev/sda", "empty", "etc", "etc/removed", "etc/config", "etc/far", "etc/link", "long", SampleTree.LongDirectory, SampleTree.LongName, "run", "run/fifo", "tmp"],
            written.Records.Select(r => r.Path));
        Assert.Equal(new LayerRecord("bin/ping", 1000, LayerEntryKind.Object), written.Records[1]);
        Assert.Equal(new LayerRecord("data", 0, LayerEntryKind.OpaqueDirectory), written.Records[4]);
        Assert.Equal(new LayerRecord("data/b", 0, LayerEntryKind.Object), written.Records[6]);
        Assert.Equal(new LayerRecord("etc/removed", 0, LayerEntryKind.Whiteout), written.Records[14]);
    }

    [Theory]
    [InlineData(LayerCompression.Gzip, MediaTypes.OciLayerGzip)]
    [InlineData(LayerCompression.Zstd, MediaTypes.OciLayerZstd)]
    [InlineData(LayerCompression.None, MediaTypes.OciLayerTar)]
    public async Task Digest_diffId_and_sizes_are_those_of_the_bytes(LayerCompression compression, string mediaType)
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        var (layer, written) = await WriteAsync(root, SampleTree.Create(root, Mtime), new LayerWriterOptions(compression, null));
        Assert.Equal(mediaType, written.MediaType);
        Assert.Equal(layer.Length, written.Size);
        Assert.Equal(Digest.Compute(layer), written.Digest);
        using var tar = new MemoryStream();
        await LayerReading.Decompress(new MemoryStream(layer), mediaType).CopyToAsync(tar, Ct);
        Assert.Equal(tar.Length, written.UncompressedSize);
        Assert.Equal(Digest.Compute(tar.ToArray()), written.DiffId);
        Assert.Equal(0, tar.Length % 512);
        Assert.True(tar.ToArray().AsSpan()[^1024..].IndexOfAnyExcept((byte)0) < 0, "ends with two zero blocks");
    }

    [Fact]
    public async Task Gzip_header_is_fixed_and_the_tools_accept_both_compressions()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        var entries = SampleTree.Create(root, Mtime);
        var (gzip, _) = await WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.Gzip, null));
        Assert.Equal(new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff }, gzip[..10]);
        var (zstd, _) = await WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.Zstd, null));
        await File.WriteAllBytesAsync(_dir["layer.tar.gz"], gzip, Ct);
        await File.WriteAllBytesAsync(_dir["layer.tar.zst"], zstd, Ct);
        await ExternalTool.RunAsync("gzip", "-t", _dir["layer.tar.gz"]);
        await ExternalTool.RunAsync("zstd", "-q", "-t", _dir["layer.tar.zst"]);
    }

    [Fact]
    public async Task Gnu_tar_lists_numeric_owners_empty_names_and_restores_the_capability()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        var (layer, _) = await WriteAsync(root, SampleTree.Create(root, Mtime), new LayerWriterOptions(LayerCompression.Gzip, null));
        await File.WriteAllBytesAsync(_dir["layer.tar.gz"], layer, Ct);

        var listing = await ExternalTool.RunAsync("tar", "-tvvzf", _dir["layer.tar.gz"]);
        Assert.Contains("-rwsr-xr-x 0/0", listing, StringComparison.Ordinal);
        Assert.Contains("-rw-r----- 1000/1001", listing, StringComparison.Ordinal);
        Assert.Contains("drwxrwxrwt 0/0", listing, StringComparison.Ordinal);
        Assert.Contains("crw-rw-rw- 0/0             1,3 2023-11-14 22:13 dev/null", listing, StringComparison.Ordinal);
        Assert.Contains("hrw-r--r-- 0/0               0 2023-11-14 22:13 data/b link to data/a", listing, StringComparison.Ordinal);

        var extracted = Directory.CreateDirectory(_dir["extracted"]).FullName;
        await ExternalTool.RunAsync("tar", "--xattrs", "--xattrs-include=security.capability", "-xpzf", _dir["layer.tar.gz"], "-C", extracted);
        Assert.Equal(SampleTree.Capability, LinuxFiles.GetXattr(Path.Combine(extracted, "bin/ping"), "security.capability"));
        Assert.Equal(0x9EDu, LinuxFiles.Lstat(Path.Combine(extracted, "bin/tool")).Mode);
    }

    [Fact]
    public async Task Header_bytes_have_empty_user_names_and_deterministic_pax_names()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        var (layer, _) = await WriteAsync(root, SampleTree.Create(root, Mtime), new LayerWriterOptions(LayerCompression.None, null));
        var paxNames = new List<string>();
        for (var offset = 0; offset + 512 <= layer.Length; offset += 512)
        {
            var block = layer.AsSpan(offset, 512);
            if (!block[257..263].SequenceEqual("ustar\0"u8))
            {
                continue; // a data block
            }

            Assert.True(block.Slice(265, 64).IndexOfAnyExcept((byte)0) < 0, "uname and gname are empty");
            if (block[156] == (byte)'x')
            {
                paxNames.Add(Encoding.ASCII.GetString(block[..100]).TrimEnd('\0'));
            }
        }

        Assert.Contains("PaxHeaders/ping", paxNames);
        Assert.Contains("PaxHeaders/big-uid", paxNames);
        Assert.Contains("PaxHeaders/far", paxNames);
        Assert.Contains("PaxHeaders/naïve €.txt".Replace("ï", "_", StringComparison.Ordinal).Replace("€", "_", StringComparison.Ordinal), paxNames);
        Assert.All(paxNames, name => Assert.StartsWith("PaxHeaders/", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_tree_written_twice_with_an_epoch_gives_the_same_bytes()
    {
        const long epoch = 1_600_000_000;
        var first = Directory.CreateDirectory(_dir["first"]).FullName;
        var second = Directory.CreateDirectory(_dir["second"]).FullName;
        var entries = SampleTree.Create(first, Mtime);
        var shuffled = SampleTree.Create(second, Mtime + 86_400).Reverse().ToList();
        foreach (var compression in Enum.GetValues<LayerCompression>())
        {
            var (a, writtenA) = await WriteAsync(first, entries, new LayerWriterOptions(compression, epoch));
            var (b, writtenB) = await WriteAsync(second, shuffled, new LayerWriterOptions(compression, epoch));
            Assert.Equal(a, b);
            Assert.Equal(writtenA.DiffId, writtenB.DiffId);
            Assert.Equal(writtenA.Records, writtenB.Records);
        }

        var (layer, written) = await WriteAsync(first, entries, new LayerWriterOptions(LayerCompression.None, epoch));
        Assert.All(LayerReading.Entries(layer, written.MediaType), m => Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(epoch), m.Entry.ModificationTime));
    }

    [Fact]
    public async Task An_epoch_later_than_the_files_keeps_their_whole_second_mtimes()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        File.WriteAllText(Path.Combine(root, "f"), "x");
        LinuxFiles.SetTimes(Path.Combine(root, "f"), 1_000_000_000, 999_999_999);
        var (layer, written) = await WriteAsync(root, [new("f", LayerEntryKind.Object), new("gone", LayerEntryKind.Whiteout)], new LayerWriterOptions(LayerCompression.None, 2_000_000_000));
        var members = LayerReading.Entries(layer, written.MediaType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_000_000_000), members.Single(m => m.Entry.Name == "f").Entry.ModificationTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2_000_000_000), members.Single(m => m.Entry.Name == ".wh.gone").Entry.ModificationTime);
    }

    [Theory]
    [InlineData("/abs")]
    [InlineData("./dot")]
    [InlineData("a/../b")]
    [InlineData("trailing/")]
    [InlineData("")]
    [InlineData("dir/.wh.name")]
    public async Task Unclean_paths_are_refused_before_anything_is_written(string path)
    {
        using var output = new MemoryStream();
        await Assert.ThrowsAsync<ArgumentException>(() => LayerWriter.WriteAsync(_dir.Path, [new(path, LayerEntryKind.Object)], new LayerWriterOptions(LayerCompression.None, null), output, Ct));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task A_300_MiB_file_streams_through()
    {
        var root = Directory.CreateDirectory(_dir["root"]).FullName;
        const long size = 300L * 1024 * 1024;
        await using (var file = File.Create(Path.Combine(root, "big")))
        {
            file.SetLength(size); // sparse: zeros that take no disk
            file.Position = size - 5;
            await file.WriteAsync("tail!"u8.ToArray(), Ct);
        }

        await using var output = new FileStream(_dir["big.tar.gz"], FileMode.Create);
        var written = await LayerWriter.WriteAsync(root, [new("big", LayerEntryKind.Object)], new LayerWriterOptions(LayerCompression.Gzip, 0), output, Ct);
        Assert.Equal(size + 512 + 1024, written.UncompressedSize);
        Assert.Equal(output.Length, written.Size);
        output.Position = 0;
        Assert.Equal(written.Digest, Digest.FromHash(Digest.Sha256, await SHA256.HashDataAsync(output, Ct)));
        await ExternalTool.RunAsync("gzip", "-t", _dir["big.tar.gz"]);
    }

    private static void Check((TarEntry Entry, byte[] Data) member, TarEntryType type, uint mode, int uid, int gid, long mtime, string? data = null)
    {
        var (entry, bytes) = member;
        Assert.Equal(type, entry.EntryType);
        Assert.Equal(mode, (uint)entry.Mode);
        Assert.Equal((uid, gid), (entry.Uid, entry.Gid));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(mtime), entry.ModificationTime);
        var posix = Assert.IsAssignableFrom<PosixTarEntry>(entry);
        Assert.Equal(("", ""), (posix.UserName, posix.GroupName));
        if (data is not null)
        {
            Assert.Equal(data, Encoding.UTF8.GetString(bytes));
        }
    }

    private static async Task<(byte[] Layer, WrittenLayer Written)> WriteAsync(string root, IReadOnlyList<LayerEntry> entries, LayerWriterOptions options)
    {
        using var output = new MemoryStream();
        var written = await LayerWriter.WriteAsync(root, entries, options, output, Ct);
        return (output.ToArray(), written);
    }
}
