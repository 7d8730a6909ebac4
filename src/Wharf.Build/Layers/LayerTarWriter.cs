using System.Buffers;
using Wharf.Build.Filesystem;
using Wharf.Build.Native;

namespace Wharf.Build.Layers;

/// <summary>Writes a layer's tar members, in the order given, from the objects under a source root: headers from
/// <see cref="LayerTarHeader"/>, file data streamed through one pooled buffer, each member's record kept for
/// <see cref="WrittenLayer.Records"/>. Hard links are found by (device, inode) among this layer's own objects: the first
/// name in order carries the data, later ones are type '1' links to it.</summary>
internal sealed class LayerTarWriter(Stream tar, string sourceRoot, long? epoch)
{
    private const string CapabilityXattr = "security.capability";
    private const int CopyBufferSize = 256 * 1024;
    private static readonly byte[] Zeros = new byte[2 * LayerTarHeader.BlockSize];

    private readonly Dictionary<(ulong Device, ulong Inode), string> _firstNames = [];

    public List<LayerRecord> Records { get; } = [];

    public Task WriteAsync(LayerEntry entry, CancellationToken ct) => entry.Kind switch
    {
        LayerEntryKind.Object => WriteObjectAsync(entry.Path, ct),
        LayerEntryKind.Whiteout => WriteMarkerAsync(entry, LayerEntryOrder.Parent(entry.Path), ct),
        _ => WriteMarkerAsync(entry, entry.Path, ct),
    };

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public async Task FinishAsync(CancellationToken ct) => await tar.WriteAsync(Zeros, ct);

    private async Task WriteObjectAsync(string path, CancellationToken ct)
    {
        var fullPath = Path.Combine(sourceRoot, path);
        var status = LinuxFiles.Lstat(fullPath);
        if (status.Kind == UnixFileKind.Socket)
        {
            return; // a socket is a running process's endpoint; tar has no type for it and docker skips it too
        }

        var mtime = Clamp(status.MtimeSeconds);
        if (status.Kind != UnixFileKind.Directory && status.LinkCount > 1)
        {
            if (_firstNames.TryGetValue((status.Device, status.Inode), out var first))
            {
                await WriteHeaderAsync(new LayerTarEntry(path, LayerTarEntry.HardLink, status.Mode, status.Uid, status.Gid, 0, mtime, first), ct);
                Records.Add(new LayerRecord(path, 0, LayerEntryKind.Object));
                return;
            }

            _firstNames[(status.Device, status.Inode)] = path;
        }

        var capability = status.Kind == UnixFileKind.Symlink ? null : LinuxFiles.GetXattr(fullPath, CapabilityXattr);
        var header = status.Kind switch
        {
            UnixFileKind.Regular => new LayerTarEntry(path, LayerTarEntry.Regular, status.Mode, status.Uid, status.Gid, status.Size, mtime),
            UnixFileKind.Directory => new LayerTarEntry(path + "/", LayerTarEntry.Directory, status.Mode, status.Uid, status.Gid, 0, mtime),
            UnixFileKind.Symlink => new LayerTarEntry(path, LayerTarEntry.Symlink, status.Mode, status.Uid, status.Gid, 0, mtime, LinuxFiles.ReadLink(fullPath)),
            UnixFileKind.CharDevice => new LayerTarEntry(path, LayerTarEntry.CharDevice, status.Mode, status.Uid, status.Gid, 0, mtime, null, status.RdevMajor, status.RdevMinor),
            UnixFileKind.BlockDevice => new LayerTarEntry(path, LayerTarEntry.BlockDevice, status.Mode, status.Uid, status.Gid, 0, mtime, null, status.RdevMajor, status.RdevMinor),
            _ => new LayerTarEntry(path, LayerTarEntry.Fifo, status.Mode, status.Uid, status.Gid, 0, mtime),
        };
        await WriteHeaderAsync(header with { Capability = capability }, ct);
        if (status.Kind == UnixFileKind.Regular)
        {
            await CopyDataAsync(fullPath, status.Size, ct);
        }

        Records.Add(new LayerRecord(path, header.Size, LayerEntryKind.Object));
    }

    /// <summary>A whiteout or opaque marker: an empty regular file, mode 0, owned by root, dated at the epoch when
    /// reproducible, else at the mtime of the directory that holds it (when the deletion happened, as near as the tree
    /// tells).</summary>
    private async Task WriteMarkerAsync(LayerEntry entry, string directory, CancellationToken ct)
    {
        long mtime;
        if (epoch is { } fixedTime)
        {
            mtime = fixedTime;
        }
        else
        {
            var directoryPath = directory.Length == 0 ? sourceRoot : Path.Combine(sourceRoot, directory);
            mtime = Directory.Exists(directoryPath) ? LinuxFiles.Lstat(directoryPath).MtimeSeconds : 0;
        }

        await WriteHeaderAsync(new LayerTarEntry(LayerEntryOrder.MemberName(entry), LayerTarEntry.Regular, 0, 0, 0, 0, mtime), ct);
        Records.Add(new LayerRecord(entry.Path, 0, entry.Kind));
    }

    private long Clamp(long mtime) => epoch is { } limit && mtime > limit ? limit : mtime;

    private async Task WriteHeaderAsync(LayerTarEntry entry, CancellationToken ct) =>
        await tar.WriteAsync(LayerTarHeader.Encode(entry), ct);

    /// <summary>Exactly <paramref name="size"/> bytes (what the header promised) and the padding; a file that shrank
    /// or grew since it was stat'ed fails the layer rather than corrupting it.</summary>
    private async Task CopyDataAsync(string fullPath, long size, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var remaining = size;
            while (remaining > 0)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct);
                if (read == 0)
                {
                    throw new IOException($"'{fullPath}' shrank while its layer was written ({size - remaining} of {size} bytes)");
                }

                await tar.WriteAsync(buffer.AsMemory(0, read), ct);
                remaining -= read;
            }

            if (await file.ReadAsync(buffer.AsMemory(0, 1), ct) != 0)
            {
                throw new IOException($"'{fullPath}' grew while its layer was written (beyond {size} bytes)");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await tar.WriteAsync(Zeros.AsMemory(0, LayerTarHeader.Padding(size)), ct);
    }
}
