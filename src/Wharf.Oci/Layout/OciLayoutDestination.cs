using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Writes an image into an OCI image layout (image-spec image-layout.md), creating the layout when absent.
/// Blobs and manifests land under <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> whole or not at all (scratch file, verify, rename);
/// the root manifest becomes visible only at <see cref="CommitAsync"/>, when index.json is rewritten atomically
/// with its entry tagged by <c>org.opencontainers.image.ref.name</c>, replacing an entry of the same tag and keeping
/// every other entry.</summary>
public sealed class OciLayoutDestination : IImageDestination
{
    private static readonly FrozenSet<string> OciMediaTypes = FrozenSet.Create(StringComparer.Ordinal, MediaTypes.OciManifest, MediaTypes.OciIndex);

    private static readonly byte[] EmptyIndex = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[]}""");

    private readonly string _directory;
    private ManifestContent? _root;

    private OciLayoutDestination(string directory, ImageReference reference)
    {
        _directory = directory;
        Reference = reference;
    }

    public ImageReference Reference { get; }

    public bool CanStoreIndex => true;

    /// <summary>The OCI image manifest and index only: containers/image (skopeo 1.9) finds a tag in index.json among
    /// OCI entries only ("no descriptor found for reference" for a Docker one), so a Docker schema 2 image is
    /// converted on the way in, as skopeo itself does.</summary>
    public IReadOnlySet<string>? ManifestMediaTypes => OciMediaTypes;

    /// <summary>Opens <c>oci:DIR[:TAG]</c> for writing, creating the layout (marker and empty index.json) when the
    /// directory is absent or empty. <see cref="FormatException"/> for a tag the ref.name grammar refuses;
    /// <see cref="InvalidDataException"/> when the directory holds something that is not a layout.</summary>
    public static Task<OciLayoutDestination> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.OciLayout)
        {
            throw new ArgumentException($"{reference} is not an oci: reference", nameof(reference));
        }

        return CreateAsync(Path.GetFullPath(reference.Path!), reference, ct);
    }

    /// <summary>A layout in <paramref name="directory"/> tagged with <paramref name="reference"/>'s tag (oci-archive:
    /// builds its layout this way in a scratch directory).</summary>
    internal static async Task<OciLayoutDestination> CreateAsync(string directory, ImageReference reference, CancellationToken ct)
    {
        if (reference.Tag is { } tag && !ImageLayout.IsValidRefName(tag))
        {
            throw new FormatException($"{reference}: '{tag}' is not a valid layout tag (letters and digits joined by -._:@+ or --, components separated by /)");
        }

        if (File.Exists(directory))
        {
            throw new InvalidDataException($"{reference}: {directory} is a file, not a layout directory (an OCI layout in a tar is oci-archive:)");
        }

        var marker = Path.Combine(directory, ImageLayout.LayoutFile);
        if (!File.Exists(marker))
        {
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new InvalidDataException($"{reference}: {directory} is not empty and not an OCI image layout (no {ImageLayout.LayoutFile}); name a new or empty directory");
            }

            // A new layout is valid from the start: marker, blobs/ and an empty index.json (image-layout.md: all three MUST exist).
            Directory.CreateDirectory(Path.Combine(directory, ImageLayout.BlobsDirectory));
            var layout = new OciLayoutDestination(directory, reference);
            await AtomicFile.WriteAsync(layout.Scratch(), Path.Combine(directory, ImageLayout.IndexFile), EmptyIndex, ct);
            await AtomicFile.WriteAsync(layout.Scratch(), marker, Encoding.UTF8.GetBytes($$"""{"imageLayoutVersion":"{{ImageLayout.Version}}"}"""), ct);
            return layout;
        }

        // An existing layout: the source's checks say whether it is one we can add to.
        OciLayoutSource.CheckMarker(await File.ReadAllBytesAsync(marker, ct), marker);
        Directory.CreateDirectory(Path.Combine(directory, ImageLayout.BlobsDirectory));
        return new OciLayoutDestination(directory, reference);
    }

    /// <summary>Exists when <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c> is there with the right size (a layout's blobs are verified
    /// when written, so the name vouches for the content).</summary>
    public Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        Task.FromResult(Has(blob) ? BlobReuse.Exists : BlobReuse.None);

    public async Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        if (!Has(blob))
        {
            await AtomicFile.WriteVerifiedAsync(blob, source, Scratch(), BlobFile(blob.Digest), progress, ct);
        }
    }

    public async Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(Scratch(), BlobFile(manifest.Digest), manifest.Bytes, ct);
        if (isRoot)
        {
            _root = manifest;
        }
    }

    /// <summary>Rewrites index.json with the root manifest's entry. Two writers committing to one layout at once
    /// may lose one entry (last rename wins); each index.json is whole either way.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        var root = _root ?? throw new InvalidOperationException($"{Reference}: commit before the root manifest was written");
        var path = Path.Combine(_directory, ImageLayout.IndexFile);
        var index = File.Exists(path) ? ReadIndex(path, await File.ReadAllBytesAsync(path, ct)) : JsonNode.Parse(EmptyIndex)!.AsObject();
        if (index["manifests"] is not JsonArray manifests)
        {
            throw new InvalidDataException($"{path}: 'manifests' is not an array");
        }

        AddEntry(manifests, root, Reference.Tag);
        await AtomicFile.WriteAsync(Scratch(), path, Encoding.UTF8.GetBytes(index.ToJsonString()), ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>As containers/image does: a tagged entry replaces every entry with that tag; an entry for a manifest
    /// already listed without a tag replaces that one; otherwise it is appended.</summary>
    private static void AddEntry(JsonArray manifests, ManifestContent root, string? tag)
    {
        var entry = new JsonObject
        {
            ["mediaType"] = root.MediaType,
            ["digest"] = root.Digest.ToString(),
            ["size"] = root.Bytes.Length,
        };
        if (tag is not null)
        {
            entry["annotations"] = new JsonObject { [ImageLayout.RefNameAnnotation] = tag };
            foreach (var same in manifests.Where(m => RefName(m) == tag).ToList())
            {
                manifests.Remove(same);
            }
        }

        var untagged = manifests.FirstOrDefault(m => RefName(m) is null && (string?)m?["digest"] == root.Digest.ToString());
        if (untagged is not null)
        {
            manifests[manifests.IndexOf(untagged)] = entry;
        }
        else
        {
            manifests.Add((JsonNode)entry);
        }
    }

    private static string? RefName(JsonNode? entry) =>
        entry?["annotations"]?[ImageLayout.RefNameAnnotation] is JsonValue name && name.TryGetValue(out string? text) ? text : null;

    private static JsonObject ReadIndex(string path, byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private bool Has(Descriptor blob) => new FileInfo(BlobFile(blob.Digest)) is { Exists: true } file && file.Length == blob.Size;

    private string BlobFile(Digest digest) => Path.Combine(_directory, ImageLayout.BlobsDirectory, digest.Algorithm, digest.Hex);

    /// <summary>Scratch files sit at the layout's root, not under blobs/, where a reader would take them for blobs.</summary>
    private string Scratch() => Path.Combine(_directory, $".wharf-{Guid.NewGuid():N}.tmp");
}
