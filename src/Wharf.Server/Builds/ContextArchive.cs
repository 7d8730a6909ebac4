using System.Formats.Tar;
using System.IO.Compression;

namespace Wharf.Server.Builds;

/// <summary>Unpacks an uploaded context (a tar, gzip-compressed or not) into an empty directory, refusing anything that
/// would put a file outside it: absolute names, <c>..</c>, a path through a symbolic link the archive made (<c>link -&gt;
/// /etc</c> then <c>link/passwd</c>), a hard link to a file outside or through one. Symbolic links themselves are
/// unpacked as they are (pointing anywhere): they are the builder's to resolve inside the context, never followed here.
/// Device files and pipes are left out; setuid/setgid bits are dropped. Every refusal is a
/// <see cref="BuildContextException"/> naming the entry.</summary>
public static class ContextArchive
{
    private const UnixFileMode Dropped = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    /// <summary>Unpacks <paramref name="archive"/> (gzip when <paramref name="gzip"/>) into <paramref name="root"/>, which
    /// must exist and be empty; at most <paramref name="maxBytes"/> of file content.</summary>
    public static async Task ExtractAsync(Stream archive, bool gzip, string root, long maxBytes, CancellationToken ct)
    {
        root = Path.GetFullPath(root);
        var directoryModes = new List<(string Path, UnixFileMode Mode)>();
        var written = 0L;
        var entries = 0;
        try
        {
            await using var input = gzip ? new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true) : archive;
            await using var reader = new TarReader(input, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                entries++;
                var parts = Parts(entry.Name, entry.Name);
                if (parts.Count == 0)
                {
                    continue; // "./": the context itself
                }

                var path = Prepare(root, parts, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        directoryModes.Add((path, entry.Mode & ~Dropped));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        written += await WriteFileAsync(path, entry, maxBytes - written, maxBytes, ct);
                        break;
                    case TarEntryType.SymbolicLink:
                        File.CreateSymbolicLink(path, entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        var target = Path.Combine(root, Path.Combine([.. Parts(entry.LinkName, entry.Name)]));
                        Prepare(root, Parts(entry.LinkName, entry.Name), entry.Name, create: false);
                        if (!File.Exists(target) || new FileInfo(target).LinkTarget is not null)
                        {
                            throw new BuildContextException($"the build context's entry '{entry.Name}' is a hard link to '{entry.LinkName}', which is not a file the archive holds before it");
                        }

                        File.Copy(target, path);
                        written += new FileInfo(path).Length;
                        break;
                    case TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                        continue; // nothing a build can COPY: left out, as a socket would be
                    default:
                        throw new BuildContextException($"the build context's entry '{entry.Name}' is a {entry.EntryType}: a context holds only files, directories and links");
                }

                if (entry.EntryType != TarEntryType.SymbolicLink && entry.EntryType != TarEntryType.Directory)
                {
                    File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new BuildContextException($"the build context is not a tar or tar.gz archive ({e.Message})", e);
        }

        if (entries == 0)
        {
            throw new BuildContextException("the build context is not a tar or tar.gz archive, or an empty one: it holds no file");
        }

        // Last, deepest first, so a read-only directory did not stop its own entries from being written.
        foreach (var (path, mode) in directoryModes.OrderByDescending(d => d.Path.Length))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
        }
    }

    /// <summary>The cleaned components of an entry's name; refuses absolute names and <c>..</c>.</summary>
    private static List<string> Parts(string name, string entry)
    {
        if (name.StartsWith('/') || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new BuildContextException($"the build context's entry '{entry}' has an absolute path: every entry must be inside the context");
        }

        var parts = name.Split('/').Where(p => p is not ("" or ".")).ToList();
        return parts.Contains("..")
            ? throw new BuildContextException($"the build context's entry '{entry}' points outside the context (..)")
            : parts;
    }

    /// <summary>Checks that no parent of the entry is a symbolic link or a file, creating the missing ones, and removes
    /// what the entry replaces (a later entry wins, as in tar), so nothing is ever written through a link.</summary>
    private static string Prepare(string root, List<string> parts, string entry, bool create = true)
    {
        var current = root;
        foreach (var part in parts.Take(parts.Count - 1))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new BuildContextException($"the build context's entry '{entry}' goes through the symbolic link '{Relative(root, current)}': refused, it could lead outside the context");
            }

            if (File.Exists(current))
            {
                throw new BuildContextException($"the build context's entry '{entry}' is under '{Relative(root, current)}', which is a file");
            }

            if (create && !info.Exists)
            {
                Directory.CreateDirectory(current);
            }
        }

        var path = Path.Combine(current, parts[^1]);
        if (create)
        {
            var existing = new FileInfo(path);
            if (existing.LinkTarget is not null || existing.Exists)
            {
                existing.Delete();
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        return path;
    }

    private static async Task<long> WriteFileAsync(string path, TarEntry entry, long room, long maxBytes, CancellationToken ct)
    {
        if (entry.Length > room)
        {
            throw new BuildContextException($"the build context unpacks to more than {maxBytes} bytes (Builds:MaxContextSize)");
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = (entry.Mode & ~Dropped) | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(path, options))
        {
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, ct);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, entry.Mode & ~Dropped);
        }

        return entry.Length;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
