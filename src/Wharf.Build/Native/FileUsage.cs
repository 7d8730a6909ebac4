namespace Wharf.Build.Native;

/// <summary>What one object takes on disk, as du counts it: its allocated blocks in bytes, and what identifies it
/// (a hard link is counted once) or tells a mount point (another device).</summary>
internal readonly record struct FileUsage(UnixFileKind Kind, long AllocatedBytes, ulong Device, ulong Inode, uint LinkCount, long MtimeSeconds, long MtimeNanoseconds);
