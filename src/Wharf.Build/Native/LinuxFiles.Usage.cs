using System.Buffers.Binary;

namespace Wharf.Build.Native;

/// <summary>lstat for measuring: <see cref="Lstat"/> with the allocated blocks (<c>stx_blocks</c>), which its record leaves out.</summary>
internal static partial class LinuxFiles
{
    public static unsafe FileUsage LstatUsage(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSize];
        fixed (byte* pointer = buffer)
        {
            Check(StatxNative(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, pointer), "statx", path);
        }

        // struct statx: stx_blocks (u64, 512-byte units) at 48; the other offsets as in Lstat.
        return new FileUsage(
            KindOf(BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]), path),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[48..]) * 512,
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]));
    }
}
