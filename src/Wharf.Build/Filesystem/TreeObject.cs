using Wharf.Build.Native;

namespace Wharf.Build.Filesystem;

/// <summary>What <see cref="TreeSnapshot"/> remembers of one object: its whole lstat (ctime and inode included, so an
/// edit that keeps size and mtime is still seen: writing changes ctime and a user cannot set it back), a symlink's
/// target and every extended attribute.</summary>
internal sealed class TreeObject
{
    private TreeObject(FileStatus status, string? linkTarget, IReadOnlyList<(string Name, byte[] Value)> xattrs)
    {
        Status = status;
        LinkTarget = linkTarget;
        Xattrs = xattrs;
    }

    public FileStatus Status { get; }

    public string? LinkTarget { get; }

    public IReadOnlyList<(string Name, byte[] Value)> Xattrs { get; }

    public static TreeObject Read(string fullPath, FileStatus status)
    {
        var linkTarget = status.Kind == UnixFileKind.Symlink ? LinuxFiles.ReadLink(fullPath) : null;
        var xattrs = new List<(string, byte[])>();
        foreach (var name in LinuxFiles.ListXattrs(fullPath).Order(StringComparer.Ordinal))
        {
            if (LinuxFiles.GetXattr(fullPath, name) is { } value)
            {
                xattrs.Add((name, value));
            }
        }

        return new TreeObject(status, linkTarget, xattrs);
    }

    /// <summary>Whether nothing a layer could carry differs: kind, mode, owner, size, times, inode, device numbers,
    /// link count, link target, xattrs.</summary>
    public bool SameAs(TreeObject other) =>
        Status == other.Status &&
        LinkTarget == other.LinkTarget &&
        Xattrs.Count == other.Xattrs.Count &&
        Xattrs.Zip(other.Xattrs).All(pair => pair.First.Name == pair.Second.Name && pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value));
}
