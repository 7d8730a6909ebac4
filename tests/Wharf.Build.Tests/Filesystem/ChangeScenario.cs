using Wharf.Build.Native;
using Wharf.Build.Tests.Native;

namespace Wharf.Build.Tests.Filesystem;

/// <summary>The changes a RUN makes that a diff must see, applied to a tree (an overlay's merged directory, or the
/// tree itself for the walk-and-compare diff): add, modify, chmod, delete, rm -rf and recreate, a directory replaced
/// by a file and by a symlink and a file by a directory, hard links (new and to a lower file), a fifo, a device and a
/// file capability, plus lower objects that stay as they are.</summary>
internal static class ChangeScenario
{
    public const long LowerMtime = 1_600_000_000;

    public static void FillLower(string root)
    {
        string P(string relative) => Path.Combine(root, relative);
        foreach (var directory in new[] { "olddir/b", "gonedir/inner", "dir2file/x", "dir2link", "sub/deeper", "untouched" })
        {
            Directory.CreateDirectory(P(directory));
        }

        foreach (var file in new[] { "keep.txt", "modify.txt", "chmod.txt", "delete.txt", "olddir/a", "olddir/b/c", "gonedir/inner/f", "dir2file/x/y", "dir2link/z", "file2dir", "sub/deeper/deep.txt", "sub/other.txt", "linked.txt", "cap-lower", "untouched/u" })
        {
            File.WriteAllText(P(file), "lower " + file);
            LinuxFiles.Chmod(P(file), 0x1A4);
        }

        foreach (var (path, _, _) in Wharf.Build.Filesystem.TreeWalker.Walk(root).Reverse())
        {
            LinuxFiles.SetTimes(path.Length == 0 ? root : P(path), LowerMtime, 0);
        }
    }

    public static void Change(string root)
    {
        string P(string relative) => Path.Combine(root, relative);
        File.WriteAllText(P("added.txt"), "added");
        File.WriteAllText(P("modify.txt"), "modified");
        LinuxFiles.Chmod(P("chmod.txt"), 0x180);
        File.Delete(P("delete.txt"));
        Directory.Delete(P("gonedir"), recursive: true);
        Directory.Delete(P("olddir"), recursive: true);
        Directory.CreateDirectory(P("olddir"));
        File.WriteAllText(P("olddir/new"), "new");
        Directory.Delete(P("dir2file"), recursive: true);
        File.WriteAllText(P("dir2file"), "now a file");
        Directory.Delete(P("dir2link"), recursive: true);
        File.CreateSymbolicLink(P("dir2link"), "keep.txt");
        File.Delete(P("file2dir"));
        Directory.CreateDirectory(P("file2dir"));
        File.WriteAllText(P("file2dir/inner"), "inside");
        File.WriteAllText(P("sub/deeper/deep.txt"), "deep change");
        File.WriteAllText(P("h1"), "hard");
        LinuxFiles.Link(P("h1"), P("h2"));
        LinuxFiles.Link(P("linked.txt"), P("linked2"));
        LinuxFiles.Mknod(P("fifo"), UnixFileKind.Fifo, 0x1A4, 0, 0);
        LinuxFiles.Mknod(P("null"), UnixFileKind.CharDevice, 0x1B6, 1, 3);
        File.WriteAllText(P("cap-new"), "binary");
        LinuxFiles.SetXattr(P("cap-new"), "security.capability", LinuxFilesTests.CapNetRawV2());
        LinuxFiles.SetXattr(P("cap-lower"), "security.capability", LinuxFilesTests.CapNetRawV2());
    }
}
