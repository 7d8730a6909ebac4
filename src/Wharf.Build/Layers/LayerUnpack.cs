using System.Formats.Tar;
using Wharf.Build.Native;

namespace Wharf.Build.Layers;

/// <summary>One layer being unpacked: applies each tar member TarReader gives, in order. Whiteouts follow the OCI
/// image-spec ("Representing Changes", whiteouts and opaque whiteouts): in <see cref="UnpackMode.OverlayLayer"/>
/// they become overlayfs' own markers, in <see cref="UnpackMode.Apply"/> they delete, an opaque marker sparing what
/// this layer itself unpacked whatever the order of members. Metadata goes on in the order that keeps it: owner
/// first (chown clears setuid/setgid and capabilities), then mode, then the capability, then times; directory times
/// last of all, since every member created in a directory changes its mtime.</summary>
internal sealed class LayerUnpack(string targetDirectory, UnpackMode mode, CapabilityTap tap)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string CapabilityKey = "SCHILY.xattr.security.capability";
    private const int CopyBufferSize = 256 * 1024;

    private readonly UnpackTarget _target = new(targetDirectory);
    private readonly HashSet<string> _unpacked = new(StringComparer.Ordinal);

    public async Task ApplyAsync(TarEntry entry, CancellationToken ct)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        var path = TarMemberPath.Clean(entry.Name, entry.Name);
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(path, name, entry.Name);
            return;
        }

        if (path.Length == 0)
        {
            if (entry.EntryType == TarEntryType.Directory)
            {
                SetMetadata(entry, path);
            }

            return; // "./": the root is the target directory itself, never replaced
        }

        _target.PrepareParents(path, entry.Name);
        var existing = _target.Find(path);
        if (existing is { } found && !(found.Kind == UnixFileKind.Directory && entry.EntryType == TarEntryType.Directory))
        {
            _target.Remove(path, found);
        }

        var fullPath = _target.FullPath(path);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (existing is not { Kind: UnixFileKind.Directory })
                {
                    Directory.CreateDirectory(fullPath);
                }

                _target.MarkDirectory(path);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(entry, fullPath, ct);
                break;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(fullPath, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                LinkTo(entry, fullPath);
                _unpacked.Add(path);
                return; // the inode's metadata is its first name's
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                var posix = (PosixTarEntry)entry;
                var kind = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => UnixFileKind.CharDevice,
                    TarEntryType.BlockDevice => UnixFileKind.BlockDevice,
                    _ => UnixFileKind.Fifo,
                };
                LinuxFiles.Mknod(fullPath, kind, 0, (uint)posix.DeviceMajor, (uint)posix.DeviceMinor);
                break;
            default:
                throw new InvalidDataException($"layer entry '{entry.Name}' has a type a layer cannot hold ({entry.EntryType})");
        }

        SetMetadata(entry, path);
        _unpacked.Add(path);
    }

    /// <summary>Sets the directories' times, now that nothing more is created in them.</summary>
    public void Finish() => _target.SetDirectoryTimes();

    private void ApplyWhiteout(string path, string name, string entryName)
    {
        var directory = TarMemberPath.Parent(path);
        if (name == OpaqueMarker)
        {
            if (mode == UnpackMode.OverlayLayer)
            {
                _target.PrepareDirectory(directory, entryName);
                LinuxFiles.SetXattr(_target.FullPath(directory), "trusted.overlay.opaque", "y"u8.ToArray());
            }
            else if (_target.DirectoryExists(directory, entryName))
            {
                HideLowerContents(directory);
            }

            return;
        }

        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
        {
            return; // AUFS' own metadata (.wh..wh.plnk, .wh..wh.aufs): not a change, skipped as docker does
        }

        var hidden = TarMemberPath.Combine(directory, name[WhiteoutPrefix.Length..]);
        if (_unpacked.Contains(hidden))
        {
            return; // image-spec: a whiteout hides only what lower layers hold, never its own layer's file
        }

        if (mode == UnpackMode.OverlayLayer)
        {
            _target.PrepareParents(hidden, entryName);
            if (_target.Find(hidden) is { } existing)
            {
                _target.Remove(hidden, existing);
            }

            LinuxFiles.Mknod(_target.FullPath(hidden), UnixFileKind.CharDevice, 0, 0, 0); // overlayfs' whiteout
        }
        else if (_target.ParentsExist(hidden, entryName) && _target.Find(hidden) is { } existing)
        {
            _target.Remove(hidden, existing);
        }
    }

    /// <summary>Removes everything under the directory that this layer did not unpack itself.</summary>
    private void HideLowerContents(string directory)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(_target.FullPath(directory)).Select(Path.GetFileName).ToList())
        {
            var path = TarMemberPath.Combine(directory, child!);
            if (_target.Find(path) is not { } status)
            {
                continue;
            }

            if (!_unpacked.Contains(path))
            {
                _target.Remove(path, status);
            }
            else if (status.Kind == UnixFileKind.Directory)
            {
                HideLowerContents(path);
            }
        }
    }

    private static async Task WriteFileAsync(TarEntry entry, string fullPath, CancellationToken ct)
    {
        // CreateNew is O_CREAT|O_EXCL: never opens through a symlink that could have appeared at the path.
        await using var file = new FileStream(fullPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        if (entry.DataStream is { } data)
        {
            await data.CopyToAsync(file, CopyBufferSize, ct);
        }
    }

    private void LinkTo(TarEntry entry, string fullPath)
    {
        var target = TarMemberPath.Clean(entry.LinkName, entry.Name);
        if (target.Length == 0 || !_target.ParentsExist(target, entry.Name) || _target.Find(target) is not { } status)
        {
            throw new InvalidDataException($"layer entry '{entry.Name}' links to '{entry.LinkName}', which is not in the layer's tree");
        }

        if (status.Kind == UnixFileKind.Directory)
        {
            throw new InvalidDataException($"layer entry '{entry.Name}' is a hard link to the directory '{entry.LinkName}'");
        }

        LinuxFiles.Link(_target.FullPath(target), fullPath);
    }

    private void SetMetadata(TarEntry entry, string path)
    {
        var fullPath = _target.FullPath(path);
        LinuxFiles.Lchown(fullPath, (uint)entry.Uid, (uint)entry.Gid);
        if (entry.EntryType == TarEntryType.SymbolicLink)
        {
            UnpackTarget.SetTimes(fullPath, entry.ModificationTime);
            return;
        }

        LinuxFiles.Chmod(fullPath, (uint)entry.Mode);
        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue(CapabilityKey, out var decoded))
        {
            LinuxFiles.SetXattr(fullPath, "security.capability", tap.CapabilityFor(decoded, entry.Name));
        }

        if (entry.EntryType == TarEntryType.Directory)
        {
            _target.DeferTime(path, entry.ModificationTime);
        }
        else
        {
            UnpackTarget.SetTimes(fullPath, entry.ModificationTime);
        }
    }
}
