using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Wharf.Server.Tests.Builds;

/// <summary>Build contexts as a client uploads them: tar or tar.gz bytes, made entry by entry so that a test can also
/// make the hostile ones (names with <c>..</c>, absolute names, paths through a symbolic link).</summary>
public static class ContextArchives
{
    /// <summary>A tar.gz of regular files, NAME → content.</summary>
    public static byte[] TarGz(params (string Name, string Content)[] files) =>
        Gzip(Tar([.. files.Select(f => File(f.Name, f.Content))]));

    public static byte[] Tar(params TarEntry[] entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return stream.ToArray();
    }

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100 };

    public static PaxTarEntry Directory(string name) => new(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 };

    public static PaxTarEntry Symlink(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static PaxTarEntry HardLink(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };
}
