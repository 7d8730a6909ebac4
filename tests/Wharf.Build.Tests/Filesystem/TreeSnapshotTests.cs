using Wharf.Build.Filesystem;
using Wharf.Build.Layers;
using Wharf.Build.Native;
using Kind = Wharf.Build.Filesystem.LayerEntryKind;

namespace Wharf.Build.Tests.Filesystem;

public sealed class TreeSnapshotTests : IDisposable
{
    private readonly TempDirectory _dir = new("wharf-snapshot-");

    public void Dispose() => _dir.Dispose();

    private string Root => _dir["root"];

    [Fact]
    public void Compare_finds_the_same_changes_as_overlayfs_with_whiteouts_for_a_recreated_directory()
    {
        ChangeScenario.FillLower(Directory.CreateDirectory(Root).FullName);
        var snapshot = TreeSnapshot.Take(Root);
        ChangeScenario.Change(Root);

        LayerEntry[] expected =
        [
            new("added.txt", Kind.Object), new("cap-lower", Kind.Object), new("cap-new", Kind.Object), new("chmod.txt", Kind.Object),
            new("delete.txt", Kind.Whiteout), new("dir2file", Kind.Object), new("dir2link", Kind.Object),
            new("fifo", Kind.Object), new("file2dir", Kind.Object), new("file2dir/inner", Kind.Object),
            new("gonedir", Kind.Whiteout), new("h1", Kind.Object), new("h2", Kind.Object), new("linked.txt", Kind.Object), new("linked2", Kind.Object),
            new("modify.txt", Kind.Object), new("null", Kind.Object), new("olddir", Kind.Object), new("olddir/a", Kind.Whiteout),
            new("olddir/b", Kind.Whiteout), new("olddir/new", Kind.Object),
            new("sub", Kind.Object), new("sub/deeper", Kind.Object), new("sub/deeper/deep.txt", Kind.Object),
        ];
        Assert.Equal(expected, snapshot.Compare(Root));
    }

    [Fact]
    public void Nothing_changed_gives_no_entries()
    {
        ChangeScenario.FillLower(Directory.CreateDirectory(Root).FullName);
        var snapshot = TreeSnapshot.Take(Root);
        _ = File.ReadAllText(Path.Combine(Root, "keep.txt"));
        Assert.Empty(snapshot.Compare(Root));
    }

    [Fact]
    public void A_same_size_same_mtime_edit_is_seen()
    {
        ChangeScenario.FillLower(Directory.CreateDirectory(Root).FullName);
        var file = Path.Combine(Root, "sub/deeper/deep.txt");
        var before = LinuxFiles.Lstat(file);
        var snapshot = TreeSnapshot.Take(Root);

        File.WriteAllText(file, new string('X', (int)before.Size));
        LinuxFiles.SetTimes(file, before.MtimeSeconds, before.MtimeNanoseconds);
        var after = LinuxFiles.Lstat(file);
        Assert.Equal((before.Size, before.MtimeSeconds, before.MtimeNanoseconds, before.Inode), (after.Size, after.MtimeSeconds, after.MtimeNanoseconds, after.Inode));

        Assert.Equal([new("sub", Kind.Object), new("sub/deeper", Kind.Object), new("sub/deeper/deep.txt", Kind.Object)], snapshot.Compare(Root));
    }

    [Fact]
    public void Owner_xattr_and_symlink_target_changes_are_seen()
    {
        var root = Directory.CreateDirectory(Root).FullName;
        File.WriteAllText(Path.Combine(root, "owned"), "x");
        File.WriteAllText(Path.Combine(root, "tagged"), "x");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "owned");
        var snapshot = TreeSnapshot.Take(root);

        LinuxFiles.Lchown(Path.Combine(root, "owned"), 1000, 1000);
        LinuxFiles.SetXattr(Path.Combine(root, "tagged"), "user.tag", [1]);
        File.Delete(Path.Combine(root, "link"));
        File.CreateSymbolicLink(Path.Combine(root, "link"), "tagged");

        Assert.Equal([new("link", Kind.Object), new("owned", Kind.Object), new("tagged", Kind.Object)], snapshot.Compare(root));
    }

    [Fact]
    public void Ignored_paths_and_their_subtrees_are_left_out()
    {
        ChangeScenario.FillLower(Directory.CreateDirectory(Root).FullName);
        var snapshot = TreeSnapshot.Take(Root);
        File.WriteAllText(Path.Combine(Root, "sub/deeper/new"), "x");
        Directory.Delete(Path.Combine(Root, "gonedir"), recursive: true);
        File.WriteAllText(Path.Combine(Root, "added"), "x");

        var entries = snapshot.Compare(Root, path => path is "sub" or "gonedir");
        Assert.Equal([new("added", Kind.Object)], entries);
    }

    [Fact]
    public async Task Compared_changes_write_a_layer_that_applies_to_the_old_tree()
    {
        var root = Directory.CreateDirectory(Root).FullName;
        ChangeScenario.FillLower(root);
        var copy = Directory.CreateDirectory(_dir["copy"]).FullName;
        var ct = TestContext.Current.CancellationToken;
        using (var baseLayer = new MemoryStream())
        {
            await LayerWriter.WriteAsync(root, [.. TreeWalker.Walk(root).Select(o => new LayerEntry(o.Path, Kind.Object))], new LayerWriterOptions(LayerCompression.None, null), baseLayer, ct);
            baseLayer.Position = 0;
            await LayerUnpacker.UnpackAsync(baseLayer, copy, UnpackMode.Apply, ct);
        }

        var snapshot = TreeSnapshot.Take(root);
        ChangeScenario.Change(root);
        using (var changes = new MemoryStream())
        {
            await LayerWriter.WriteAsync(root, snapshot.Compare(root), new LayerWriterOptions(LayerCompression.Gzip, null), changes, ct);
            changes.Position = 0;
            await LayerUnpacker.UnpackAsync(changes, copy, UnpackMode.Apply, ct);
        }

        Assert.Equal(TreeDescription.Of(root), TreeDescription.Of(copy));
    }
}
