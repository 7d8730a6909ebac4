using System.Formats.Tar;

namespace Wharf.Build.Layers;

/// <summary>Unpacks image layers: base images into overlayfs lower directories, or onto a tree without overlayfs, and
/// ADD's local archives.</summary>
public static class LayerUnpacker
{
    /// <summary>Unpacks one layer (gzip, zstd or plain tar, told by its magic bytes) into
    /// <paramref name="targetDirectory"/>, which must exist; <paramref name="layer"/> is read to its end and left open.
    /// Ownership, mode (setuid, setgid and sticky included), mtime, symlinks, hard links, devices, fifos and the
    /// <c>security.capability</c> xattr are restored; other xattrs are not. <see cref="UnpackMode"/> says what becomes
    /// of whiteouts. A member whose cleaned path or hard link target escapes the target, or that would be written
    /// through a symlink already in the tree, fails the call with <see cref="InvalidDataException"/> naming it, before
    /// anything is written outside; members before it stay unpacked (unpack into a fresh directory and discard it on
    /// failure). Names are cleaned as docker cleans them: a leading "/" is dropped, ".." past the root refused.</summary>
    public static async Task UnpackAsync(Stream layer, string targetDirectory, UnpackMode mode, CancellationToken ct)
    {
        await using var tar = await LayerDecompression.OpenAsync(layer, ct);
        await using var tap = new CapabilityTap(tar);
        await using var reader = new TarReader(tap, leaveOpen: true);
        var unpack = new LayerUnpack(targetDirectory, mode, tap);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            await unpack.ApplyAsync(entry, ct);
        }

        unpack.Finish();
    }
}
