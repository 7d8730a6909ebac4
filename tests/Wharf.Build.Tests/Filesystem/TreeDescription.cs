using Wharf.Build.Filesystem;
using Wharf.Build.Native;

namespace Wharf.Build.Tests.Filesystem;

/// <summary>A tree as a list of lines a test can compare: each object's path, kind, mode, owner, size, whole-second
/// mtime, device numbers, link target or content, and capability.</summary>
internal static class TreeDescription
{
    public static List<string> Of(string root) =>
    [
        .. TreeWalker.Walk(root).Select(o =>
            $"{o.Path} {o.Status.Kind} {Convert.ToString(o.Status.Mode, 8)} {o.Status.Uid}:{o.Status.Gid} {o.Status.Size} {o.Status.MtimeSeconds} " +
            $"{o.Status.RdevMajor},{o.Status.RdevMinor} {Content(o.FullPath, o.Status)} " +
            Convert.ToHexString(o.Status.Kind == UnixFileKind.Symlink ? [] : LinuxFiles.GetXattr(o.FullPath, "security.capability") ?? [])),
    ];

    private static string Content(string fullPath, FileStatus status) => status.Kind switch
    {
        UnixFileKind.Symlink => LinuxFiles.ReadLink(fullPath),
        UnixFileKind.Regular => File.ReadAllText(fullPath),
        _ => "",
    };
}
