namespace Wharf.Build.Native;

/// <summary>What <c>statx</c> says about one object, not following a final symlink. <paramref name="Mode"/> holds the
/// permission bits with setuid, setgid and sticky (07777), the kind being <paramref name="Kind"/>. <paramref name="Device"/>
/// and <paramref name="Inode"/> identify the object (hard links share them); ctime changes on every content or
/// metadata change, which is how a same-size, same-mtime edit is still seen.</summary>
internal readonly record struct FileStatus(
    UnixFileKind Kind,
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    long MtimeSeconds,
    long MtimeNanoseconds,
    long CtimeSeconds,
    long CtimeNanoseconds,
    ulong Device,
    ulong Inode,
    uint LinkCount,
    uint RdevMajor,
    uint RdevMinor);
