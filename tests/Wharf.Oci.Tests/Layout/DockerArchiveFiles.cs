using System.Formats.Tar;

namespace Wharf.Oci.Tests.Layout;

/// <summary>Reads and writes small tar files whole, to look inside archives and to make odd ones.</summary>
internal static class DockerArchiveFiles
{
    /// <summary>Regular files by name.</summary>
    public static async Task<Dictionary<string, byte[]>> ReadAsync(string archive, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var stream = File.OpenRead(archive);
        await using var tar = new TarReader(stream);
        while (await tar.GetNextEntryAsync(copyData: true, ct) is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var buffer = new MemoryStream();
                await entry.DataStream!.CopyToAsync(buffer, ct);
                files[entry.Name] = buffer.ToArray();
            }
        }

        return files;
    }

    /// <summary>Files (name, bytes) and symbolic links (name, ignored, target).</summary>
    public static async Task WriteAsync(string archive, CancellationToken ct, params (string Name, byte[] Bytes, string? LinkTo)[] entries)
    {
        await using var stream = File.Create(archive);
        await using var tar = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, bytes, linkTo) in entries)
        {
            var entry = linkTo is null
                ? new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) }
                : new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = linkTo };
            await tar.WriteEntryAsync(entry, ct);
        }
    }
}
