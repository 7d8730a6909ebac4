using System.Text.Json;
using Wharf.Oci;

namespace Wharf.Build.Store;

/// <summary>The base images builds used, <c>&lt;state&gt;/bases/&lt;manifest hex&gt;.json</c>, each touched whenever a
/// build resolves it again: the record that lets a prune tell a base image's blobs and layers (kept unless
/// <c>--all</c>, as docker keeps pulled images) from those nothing uses any more.</summary>
internal sealed class BaseImageRecords(string directory)
{
    public void Record(Digest manifest, BaseImageRecord image)
    {
        var path = Path.Combine(directory, manifest.Hex + ".json");
        if (File.Exists(path))
        {
            LastUse.Touch(path);
            return;
        }

        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".tmp-{Guid.NewGuid():N}");
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(image, StateJson.Default.BaseImageRecord));
        File.Move(temporary, path, overwrite: true);
    }
}
