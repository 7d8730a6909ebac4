using System.IO.Compression;
using Wharf.Oci.Images;
using ZstdSharp;

namespace Wharf.Build.Layers;

/// <summary>Opens a layer as a tar stream whatever its compression, told by its magic bytes (a media type can lie, and
/// ADD's archives have none): gzip 1f 8b, zstd 28 b5 2f fd, anything else read as plain tar.</summary>
internal static class LayerDecompression
{
    public static async Task<Stream> OpenAsync(Stream layer, CancellationToken ct)
    {
        var magic = new byte[4];
        var read = 0;
        while (read < magic.Length)
        {
            var count = await layer.ReadAsync(magic.AsMemory(read), ct);
            if (count == 0)
            {
                break;
            }

            read += count;
        }

        var prefixed = new PrefixedReadStream(magic[..read], layer);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(prefixed, CompressionMode.Decompress); // also reads concatenated members (pigz)
        }

        if (read == 4 && magic is [0x28, 0xb5, 0x2f, 0xfd])
        {
            return new DecompressionStream(prefixed);
        }

        return prefixed;
    }
}
