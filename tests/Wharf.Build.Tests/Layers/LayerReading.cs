using System.Formats.Tar;
using System.IO.Compression;
using ZstdSharp;

namespace Wharf.Build.Tests.Layers;

/// <summary>Reads a written layer back with .NET's own TarReader, decompressing by media type.</summary>
internal static class LayerReading
{
    public static Stream Decompress(Stream compressed, string mediaType) => mediaType switch
    {
        _ when mediaType.EndsWith("+gzip", StringComparison.Ordinal) => new GZipStream(compressed, CompressionMode.Decompress),
        _ when mediaType.EndsWith("+zstd", StringComparison.Ordinal) => new DecompressionStream(compressed),
        _ => compressed,
    };

    /// <summary>Every member with its data (small test files only).</summary>
    public static List<(TarEntry Entry, byte[] Data)> Entries(byte[] layer, string mediaType)
    {
        using var reader = new TarReader(Decompress(new MemoryStream(layer), mediaType));
        var entries = new List<(TarEntry, byte[])>();
        while (reader.GetNextEntry() is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry, data.ToArray()));
        }

        return entries;
    }
}
