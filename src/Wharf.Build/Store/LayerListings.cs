using System.Formats.Tar;
using System.Text.Json;
using Wharf.Build.Filesystem;
using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Build.Lint;
using Wharf.Oci;

namespace Wharf.Build.Store;

/// <summary>Layer listings by diffID, <c>&lt;state&gt;/listings/&lt;hex&gt;.json</c>: taken from the writer's records when a
/// build writes a layer, read from the blob once for a base layer or a layer from the cache, then kept, so the advice
/// after a cached rebuild costs no decompression.</summary>
internal sealed class LayerListings
{
    private readonly string _directory;
    private readonly BlobCache _blobs;

    public LayerListings(string directory, BlobCache blobs)
    {
        _directory = directory;
        _blobs = blobs;
        Directory.CreateDirectory(directory);
    }

    public void Put(WrittenLayer written)
    {
        var paths = written.Records.Select(r => new LayerPath(r.Path, r.Size, r.Kind == LayerEntryKind.Whiteout, r.Kind == LayerEntryKind.OpaqueDirectory)).ToList();
        Save(written.DiffId, new LayerListing(written.UncompressedSize, paths));
    }

    public async Task<LayerListing> GetAsync(ImageLayer layer, CancellationToken ct)
    {
        var path = PathOf(layer.DiffId);
        if (File.Exists(path))
        {
            try
            {
                await using var stored = File.OpenRead(path);
                if (await JsonSerializer.DeserializeAsync(stored, BuildJson.Default.LayerListing, ct) is { } known)
                {
                    return known;
                }
            }
            catch (JsonException)
            {
                // Unreadable (another version's): list the blob again.
            }
        }

        var listing = await ReadAsync(layer, ct);
        Save(layer.DiffId, listing);
        return listing;
    }

    private async Task<LayerListing> ReadAsync(ImageLayer layer, CancellationToken ct)
    {
        var paths = new List<LayerPath>();
        await using var blob = _blobs.Open(layer.Blob.Digest);
        await using var tar = await LayerDecompression.OpenAsync(blob, ct);
        var counting = new CountingStream(tar);
        await using var reader = new TarReader(counting);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var name = entry.Name.TrimStart('.').TrimStart('/').TrimEnd('/');
            var file = Path.GetFileName(name);
            var parent = Path.GetDirectoryName(name) ?? "";
            if (file == ".wh..wh..opq")
            {
                paths.Add(new LayerPath(parent, 0, Whiteout: false, OpaqueDirectory: true));
            }
            else if (file.StartsWith(".wh.", StringComparison.Ordinal))
            {
                paths.Add(new LayerPath(parent.Length == 0 ? file[4..] : $"{parent}/{file[4..]}", 0, Whiteout: true, OpaqueDirectory: false));
            }
            else if (name.Length > 0)
            {
                paths.Add(new LayerPath(name, entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile ? entry.Length : 0, false, false));
            }
        }

        return new LayerListing(counting.BytesRead, paths);
    }

    private void Save(Digest diffId, LayerListing listing)
    {
        var temporary = Path.Combine(_directory, $".tmp-{Guid.NewGuid():N}");
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(listing, BuildJson.Default.LayerListing));
        File.Move(temporary, PathOf(diffId), overwrite: true);
    }

    private string PathOf(Digest diffId) => Path.Combine(_directory, diffId.Hex + ".json");
}
