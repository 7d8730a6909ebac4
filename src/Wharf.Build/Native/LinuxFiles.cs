using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Build.Native;

/// <summary>The Linux file calls .NET does not offer: lstat with ctime, inode and device numbers (to diff a tree and
/// find hard links), extended attributes (file capabilities, overlayfs' opaque marker), device nodes and fifos,
/// ownership and nanosecond times on symlinks. None of them follows a final symlink. A failure throws
/// <see cref="UnauthorizedAccessException"/> (EPERM, EACCES), <see cref="FileNotFoundException"/> (ENOENT) or
/// <see cref="IOException"/> whose HResult is the errno, the message naming the call, the path and strerror.</summary>
internal static partial class LinuxFiles
{
    private const uint FileKindMask = 0xF000;
    private const uint PermissionMask = 0xFFF;

    public static unsafe FileStatus Lstat(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        fixed (byte* pointer = buffer)
        {
            Check(StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, pointer), "statx", path);
        }

        // Offsets from struct statx in <linux/stat.h>; timestamps are { s64 tv_sec; u32 tv_nsec; s32 pad }.
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        return new FileStatus(
            Kind: KindOf(mode, path),
            Mode: mode & PermissionMask,
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
            MtimeSeconds: BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]),
            MtimeNanoseconds: BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]),
            CtimeSeconds: BinaryPrimitives.ReadInt64LittleEndian(buffer[96..]),
            CtimeNanoseconds: BinaryPrimitives.ReadUInt32LittleEndian(buffer[104..]),
            Device: ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            LinkCount: BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]),
            RdevMajor: BinaryPrimitives.ReadUInt32LittleEndian(buffer[128..]),
            RdevMinor: BinaryPrimitives.ReadUInt32LittleEndian(buffer[132..]));
    }

    /// <summary>The names of the object's extended attributes, in the order the file system lists them.</summary>
    public static unsafe IReadOnlyList<string> ListXattrs(string path)
    {
        while (true)
        {
            var size = LlistxattrNative(path, null, 0);
            if (size < 0)
            {
                throw Failure("llistxattr", path, Marshal.GetLastPInvokeError());
            }

            if (size == 0)
            {
                return [];
            }

            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                size = LlistxattrNative(path, pointer, (nuint)buffer.Length);
            }

            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Erange)
                {
                    continue; // an attribute was added between the two calls: ask for the size again
                }

                throw Failure("llistxattr", path, errno);
            }

            // A list of NUL-terminated names.
            return Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <summary>The attribute's value, or null when the object does not have it.</summary>
    public static unsafe byte[]? GetXattr(string path, string name)
    {
        while (true)
        {
            var size = LgetxattrNative(path, name, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == Enodata ? null : throw Failure($"lgetxattr {name}", path, errno);
            }

            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                size = LgetxattrNative(path, name, pointer, (nuint)buffer.Length);
            }

            if (size >= 0)
            {
                return size == buffer.Length ? buffer : buffer[..(int)size];
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == Enodata)
            {
                return null;
            }

            if (error != Erange)
            {
                throw Failure($"lgetxattr {name}", path, error);
            }
        }
    }

    /// <summary>Creates or replaces the attribute.</summary>
    public static unsafe void SetXattr(string path, string name, byte[] value)
    {
        fixed (byte* pointer = value)
        {
            Check(LsetxattrNative(path, name, pointer, (nuint)value.Length, 0), $"lsetxattr {name}", path);
        }
    }

    /// <summary>Creates a character device, block device, fifo or (unbound) socket node (major and minor matter only
    /// for devices). The mode is
    /// subject to the umask, as mknod's is; call <see cref="Chmod"/> afterwards for exact bits.</summary>
    public static void Mknod(string path, UnixFileKind kind, uint mode, uint major, uint minor)
    {
        var type = kind switch
        {
            UnixFileKind.CharDevice => 0x2000u,
            UnixFileKind.BlockDevice => 0x6000u,
            UnixFileKind.Fifo => 0x1000u,
            UnixFileKind.Socket => 0xC000u,
            _ => throw new ArgumentException($"mknod makes devices, fifos and sockets, not {kind}", nameof(kind)),
        };
        var device = kind is UnixFileKind.CharDevice or UnixFileKind.BlockDevice ? MakeDevice(major, minor) : 0;
        Check(MknodNative(path, type | (mode & PermissionMask), device), "mknod", path);
    }

    /// <summary>Sets the owner of the object itself (a symlink's own owner, not its target's).</summary>
    public static void Lchown(string path, uint uid, uint gid) => Check(LchownNative(path, uid, gid), "lchown", path);

    /// <summary>Sets the modification time (and the access time to the same instant) of the object itself.</summary>
    public static unsafe void SetTimes(string path, long mtimeSeconds, long mtimeNanoseconds)
    {
        // struct timespec[2] { atime, mtime }, each { time_t tv_sec; long tv_nsec } (64-bit on x86_64 and arm64).
        var times = stackalloc long[] { mtimeSeconds, mtimeNanoseconds, mtimeSeconds, mtimeNanoseconds };
        Check(UtimensatNative(AtFdCwd, path, times, AtSymlinkNoFollow), "utimensat", path);
    }

    /// <summary>Sets the permission bits with setuid, setgid and sticky (07777). Refuses a symlink (Linux has no mode on
    /// one, and chmod would change its target): glibc's fchmodat with AT_SYMLINK_NOFOLLOW answers EOPNOTSUPP. Before
    /// glibc 2.39 (which calls fchmodat2) that flag goes through /proc/self/fd, so /proc must be mounted.</summary>
    public static void Chmod(string path, uint mode) =>
        Check(FchmodatNative(AtFdCwd, path, mode & PermissionMask, AtSymlinkNoFollow), "fchmodat", path);

    /// <summary>The target of a symlink, as stored (relative or absolute, never resolved).</summary>
    public static unsafe string ReadLink(string path)
    {
        for (var capacity = 256; ; capacity *= 4)
        {
            var buffer = new byte[capacity];
            nint length;
            fixed (byte* pointer = buffer)
            {
                length = ReadlinkNative(path, pointer, (nuint)capacity);
            }

            if (length < 0)
            {
                throw Failure("readlink", path, Marshal.GetLastPInvokeError());
            }

            // readlink truncates silently: a full buffer may be a cut-off target.
            if (length < capacity)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
        }
    }

    /// <summary>Makes <paramref name="newPath"/> another name of <paramref name="existing"/> (a hard link; a symlink
    /// <paramref name="existing"/> is linked itself, not its target).</summary>
    public static void Link(string existing, string newPath) => Check(LinkNative(existing, newPath), "link", newPath);

    /// <summary>glibc's makedev: 12 bits of major and 20 of minor in the classic places, the rest above.</summary>
    internal static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
        ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    private static UnixFileKind KindOf(uint mode, string path) => (mode & FileKindMask) switch
    {
        0x8000 => UnixFileKind.Regular,
        0x4000 => UnixFileKind.Directory,
        0xA000 => UnixFileKind.Symlink,
        0x2000 => UnixFileKind.CharDevice,
        0x6000 => UnixFileKind.BlockDevice,
        0x1000 => UnixFileKind.Fifo,
        0xC000 => UnixFileKind.Socket,
        _ => throw new IOException($"statx '{path}': unknown file type {Convert.ToString(mode, 8)}"),
    };
}
