using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;
using Wharf.Build.Tests.Layers;
using Wharf.Build.Tests.Native;
using Kind = Wharf.Build.Filesystem.LayerEntryKind;

namespace Wharf.Build.Tests.Filesystem;

public sealed class OverlayUpperDiffTests : IDisposable
{
    private readonly OverlayMount _overlay = new();

    public void Dispose() => _overlay.Dispose();

    [Fact]
    public void The_upper_directory_holds_exactly_the_changes()
    {
        ChangeScenario.FillLower(_overlay.Lower);
        _overlay.Mount();
        ChangeScenario.Change(_overlay.Merged);
        _overlay.Unmount();

        var entries = OverlayUpperDiff.Read(_overlay.Upper);

        LayerEntry[] expected =
        [
            new("added.txt", Kind.Object), new("cap-lower", Kind.Object), new("cap-new", Kind.Object), new("chmod.txt", Kind.Object),
            new("delete.txt", Kind.Whiteout), new("dir2file", Kind.Object), new("dir2link", Kind.Object),
            new("fifo", Kind.Object), new("file2dir", Kind.Object), new("file2dir", Kind.OpaqueDirectory), new("file2dir/inner", Kind.Object),
            new("gonedir", Kind.Whiteout), new("h1", Kind.Object), new("h2", Kind.Object), new("linked.txt", Kind.Object), new("linked2", Kind.Object),
            new("modify.txt", Kind.Object), new("null", Kind.Object), new("olddir", Kind.Object), new("olddir", Kind.OpaqueDirectory), new("olddir/new", Kind.Object),
            new("sub", Kind.Object), new("sub/deeper", Kind.Object), new("sub/deeper/deep.txt", Kind.Object),
        ];
        Assert.Equal(expected, entries);
        Assert.Equal(LinuxFilesTests.CapNetRawV2(), LinuxFiles.GetXattr(Path.Combine(_overlay.Upper, "cap-lower"), "security.capability"));
    }

    [Fact]
    public async Task The_upper_directory_writes_a_layer_with_whiteouts_opaque_markers_and_hard_links()
    {
        ChangeScenario.FillLower(_overlay.Lower);
        _overlay.Mount();
        ChangeScenario.Change(_overlay.Merged);
        _overlay.Unmount();

        using var output = new MemoryStream();
        var written = await LayerWriter.WriteAsync(_overlay.Upper, OverlayUpperDiff.Read(_overlay.Upper), new LayerWriterOptions(LayerCompression.Gzip, 0), output, TestContext.Current.CancellationToken);
        var members = LayerReading.Entries(output.ToArray(), written.MediaType).ToDictionary(m => m.Entry.Name);
        Assert.Contains(".wh.delete.txt", members.Keys);
        Assert.Contains(".wh.gonedir", members.Keys);
        Assert.Contains("olddir/.wh..wh..opq", members.Keys);
        Assert.Equal(System.Formats.Tar.TarEntryType.HardLink, members["h2"].Entry.EntryType);
        Assert.Equal("h1", members["h2"].Entry.LinkName);
        Assert.Equal("linked.txt", members["linked2"].Entry.LinkName);
        Assert.Equal(System.Formats.Tar.TarEntryType.SymbolicLink, members["dir2link"].Entry.EntryType);
        Assert.Equal(System.Formats.Tar.TarEntryType.RegularFile, members["dir2file"].Entry.EntryType);
        Assert.Equal(System.Formats.Tar.TarEntryType.CharacterDevice, members["null"].Entry.EntryType);
        Assert.DoesNotContain(members.Keys, name => name.StartsWith("keep", StringComparison.Ordinal) || name.StartsWith("untouched", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_layers_rebuild_the_merged_tree_applied_and_as_overlay_lower_layers()
    {
        var ct = TestContext.Current.CancellationToken;
        ChangeScenario.FillLower(_overlay.Lower);
        var baseLayer = await WriteAsync(_overlay.Lower, [.. TreeWalker.Walk(_overlay.Lower).Select(o => new LayerEntry(o.Path, Kind.Object))], ct);
        _overlay.Mount();
        ChangeScenario.Change(_overlay.Merged);
        var merged = TreeDescription.Of(_overlay.Merged);
        _overlay.Unmount();
        var changeLayer = await WriteAsync(_overlay.Upper, OverlayUpperDiff.Read(_overlay.Upper), ct);

        using var rebuilt = new OverlayMount();
        var applied = Directory.CreateDirectory(Path.Combine(rebuilt.Lower, "applied")).FullName;
        await LayerUnpacker.UnpackAsync(new MemoryStream(baseLayer), applied, UnpackMode.Apply, ct);
        await LayerUnpacker.UnpackAsync(new MemoryStream(changeLayer), applied, UnpackMode.Apply, ct);
        Assert.Equal(merged, TreeDescription.Of(applied));

        var bottom = Directory.CreateDirectory(Path.Combine(rebuilt.Lower, "bottom")).FullName;
        var top = Directory.CreateDirectory(Path.Combine(rebuilt.Lower, "top")).FullName;
        await LayerUnpacker.UnpackAsync(new MemoryStream(baseLayer), bottom, UnpackMode.OverlayLayer, ct);
        await LayerUnpacker.UnpackAsync(new MemoryStream(changeLayer), top, UnpackMode.OverlayLayer, ct);
        rebuilt.MountReadOnly(top, bottom);
        Assert.Equal(merged, TreeDescription.Of(rebuilt.Merged));
    }

    [Theory]
    [InlineData("redirect_dir=on")]
    [InlineData("metacopy=on")]
    public void An_upper_directory_a_layer_cannot_express_is_refused(string option)
    {
        Directory.CreateDirectory(Path.Combine(_overlay.Lower, "dir"));
        File.WriteAllText(Path.Combine(_overlay.Lower, "file"), "data");
        _overlay.Mount($"index=off,redirect_dir=on,metacopy={(option == "metacopy=on" ? "on" : "off")}");
        if (option == "redirect_dir=on")
        {
            Directory.Move(Path.Combine(_overlay.Merged, "dir"), Path.Combine(_overlay.Merged, "renamed"));
        }
        else
        {
            LinuxFiles.Chmod(Path.Combine(_overlay.Merged, "file"), 0x180);
        }

        _overlay.Unmount();
        var error = Assert.Throws<InvalidOperationException>(() => OverlayUpperDiff.Read(_overlay.Upper));
        Assert.Contains(option.Replace("=on", "=off", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteAsync(string root, IReadOnlyList<LayerEntry> entries, CancellationToken ct)
    {
        using var output = new MemoryStream();
        await LayerWriter.WriteAsync(root, entries, new LayerWriterOptions(LayerCompression.Gzip, null), output, ct);
        return output.ToArray();
    }
}
