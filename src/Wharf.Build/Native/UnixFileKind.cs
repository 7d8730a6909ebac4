namespace Wharf.Build.Native;

/// <summary>The kind of a file system object, from the <c>S_IFMT</c> bits of its mode: what a layer entry's tar type
/// and an unpacker's creation call depend on.</summary>
internal enum UnixFileKind
{
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}
