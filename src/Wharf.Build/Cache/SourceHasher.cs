using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Wharf.Build.Native;
using Wharf.Build.Steps;

namespace Wharf.Build.Cache;

/// <summary>The content hash of what a COPY or ADD reads: every file and directory under each source (path, type,
/// mode, modification time, link target and the SHA-256 of the content; not owners, which COPY replaces), in order,
/// skipping what the step skips. A changed byte in one source file changes the key of that step and of every step
/// after it, and of no step before. In a reproducible build a time at or after the epoch is hashed as "the epoch",
/// whichever epoch it is: the layer gets the epoch for it, and a layer cached at another epoch is re-dated to this
/// one (<see cref="CachedLayers"/>), so a new commit (a new epoch) does not make an unchanged file's COPY miss.</summary>
internal static class SourceHasher
{
    public static string Hash(IEnumerable<CopySource> sources, Func<string, bool> excluded, long? epoch)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var source in sources)
        {
            Add(hash, source.HostPath, source.RelativePath, excluded, epoch, top: true);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, string hostPath, string relative, Func<string, bool> excluded, long? epoch, bool top)
    {
        if (!top && excluded(relative))
        {
            return;
        }

        var status = LinuxFiles.Lstat(hostPath);
        var line = new StringBuilder()
            .Append(relative).Append('\0')
            .Append(status.Kind).Append('\0')
            .Append(Convert.ToString(status.Mode, 8)).Append('\0')
            .Append(epoch is { } e && status.MtimeSeconds >= e ? "epoch" : status.MtimeSeconds.ToString(CultureInfo.InvariantCulture)).Append('\0');
        switch (status.Kind)
        {
            case UnixFileKind.Symlink:
                line.Append(LinuxFiles.ReadLink(hostPath));
                break;
            case UnixFileKind.Regular:
                using (var file = File.OpenRead(hostPath))
                {
                    line.Append(Convert.ToHexStringLower(SHA256.HashData(file)));
                }

                break;
        }

        hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
        if (status.Kind == UnixFileKind.Directory)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(hostPath).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(child);
                Add(hash, child, relative.Length == 0 ? name : $"{relative}/{name}", excluded, epoch, top: false);
            }
        }
    }
}
