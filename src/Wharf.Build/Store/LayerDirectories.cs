using Wharf.Build.Images;
using Wharf.Build.Layers;
using Wharf.Oci;

namespace Wharf.Build.Store;

/// <summary>Unpacked layers, <c>&lt;state&gt;/layers/&lt;diffID hex&gt;</c>, each in overlayfs's own format (a
/// whiteout is a 0/0 character device, an opaque directory has <c>trusted.overlay.opaque</c>), so any chain of them
/// is a root filesystem by one overlay mount. A base layer is unpacked from its blob once; a layer a step made is
/// the step's upper directory, adopted as it is. Directories appear by rename, whole.</summary>
internal sealed class LayerDirectories
{
    private readonly string _directory;
    private readonly BlobCache _blobs;

    public LayerDirectories(string directory, BlobCache blobs)
    {
        _directory = directory;
        _blobs = blobs;
        Directory.CreateDirectory(directory);
    }

    public string PathOf(Digest diffId) => Path.Combine(_directory, diffId.Hex);

    /// <summary>The layer's directory, unpacking its blob first when it has none.</summary>
    public async Task<string> EnsureAsync(ImageLayer layer, CancellationToken ct)
    {
        var final = PathOf(layer.DiffId);
        if (Directory.Exists(final))
        {
            return final;
        }

        var temporary = Path.Combine(_directory, $".tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            await using (var blob = _blobs.Open(layer.Blob.Digest))
            {
                await LayerUnpacker.UnpackAsync(blob, temporary, UnpackMode.OverlayLayer, ct);
            }

            Adopt(temporary, layer.DiffId);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }

        return final;
    }

    /// <summary>Moves a step's upper directory into place as the layer <paramref name="diffId"/>; when another build
    /// got there first the copy here is simply dropped (the contents are the same by definition of the diffID).</summary>
    public void Adopt(string directory, Digest diffId)
    {
        try
        {
            Directory.Move(directory, PathOf(diffId));
        }
        catch (IOException) when (Directory.Exists(PathOf(diffId)))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
