namespace Wharf.Build.Layers;

/// <summary>The header of one tar member exactly as the layer writer emits it: the name as in the archive (a directory's
/// with its trailing slash), the ustar type flag, permission bits with setuid/setgid/sticky, numeric owner, size of the
/// data that follows, whole-second mtime, link target (symlink or hard link), device numbers and the raw
/// <c>security.capability</c> value, if any.</summary>
internal sealed record LayerTarEntry(
    string Name,
    byte TypeFlag,
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    long MtimeSeconds,
    string? LinkName = null,
    uint DevMajor = 0,
    uint DevMinor = 0,
    byte[]? Capability = null)
{
    public const byte Regular = (byte)'0';
    public const byte HardLink = (byte)'1';
    public const byte Symlink = (byte)'2';
    public const byte CharDevice = (byte)'3';
    public const byte BlockDevice = (byte)'4';
    public const byte Directory = (byte)'5';
    public const byte Fifo = (byte)'6';
    public const byte PaxExtended = (byte)'x';
}
