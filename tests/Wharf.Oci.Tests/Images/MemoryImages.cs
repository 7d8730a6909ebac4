using System.Collections.Concurrent;
using System.Text;
using Wharf.Oci.Images;

namespace Wharf.Oci.Tests.Images;

/// <summary>An image source and destination over dictionaries, for testing the copier's logic alone. The real
/// transports are tested against the real tools (skopeo, docker, registries) in Wharf.Server.Tests.</summary>
internal sealed class MemoryImages(string name = "mem", bool canStoreIndex = true, IReadOnlySet<string>? manifestMediaTypes = null)
    : IImageSource, IImageDestination
{
    public ConcurrentDictionary<Digest, byte[]> Blobs { get; } = new();

    public ConcurrentDictionary<Digest, ManifestContent> Manifests { get; } = new();

    public ManifestContent? Root { get; set; }

    public bool Committed { get; private set; }

    public ConcurrentBag<Digest> Transferred { get; } = [];

    public ImageReference Reference { get; } = ImageReference.Parse($"oci:/{name}");

    public bool CanStoreIndex => canStoreIndex;

    public IReadOnlySet<string>? ManifestMediaTypes => manifestMediaTypes;

    /// <summary>The blobs whose puts began, in that order.</summary>
    public List<Digest> PutsBegun { get; } = [];

    public Task<ManifestContent> GetManifestAsync(CancellationToken ct) =>
        Task.FromResult(Root ?? throw new ImageNotFoundException("no root"));

    public Task<ManifestContent> GetManifestAsync(Digest digest, CancellationToken ct) =>
        Task.FromResult(Manifests.TryGetValue(digest, out var m) ? m : throw new ImageNotFoundException($"no {digest}"));

    public Task<Stream> OpenBlobAsync(Descriptor blob, long offset, CancellationToken ct) =>
        Task.FromResult<Stream>(new MemoryStream(Blobs.TryGetValue(blob.Digest, out var b) ? b[(int)offset..] : throw new ImageNotFoundException($"no {blob.Digest}")));

    public Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        Task.FromResult(Blobs.ContainsKey(blob.Digest) ? BlobReuse.Exists : BlobReuse.None);

    public async Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        lock (PutsBegun)
        {
            PutsBegun.Add(blob.Digest);
        }

        await Task.Yield(); // the rest runs concurrently with the puts that follow
        await using var verified = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob);
        using var copy = new MemoryStream();
        await verified.CopyToAsync(copy, ct);
        progress?.Report(copy.Length);
        Blobs[blob.Digest] = copy.ToArray();
        Transferred.Add(blob.Digest);
    }

    public Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct)
    {
        Manifests[manifest.Digest] = manifest;
        if (isRoot)
        {
            Root = manifest;
        }

        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken ct)
    {
        Committed = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Adds an image (config + layers) and returns its manifest; does not make it the root.</summary>
    public ManifestContent AddImage(string seed, Platform? platform = null, params string[] layers) =>
        AddImage(seed, platform, layers, MediaTypes.OciManifest, MediaTypes.OciConfig, MediaTypes.OciLayerGzip);

    /// <summary>Adds an image as Docker schema 2 (config and layers as <see cref="AddImage(string, Platform?, string[])"/>).</summary>
    public ManifestContent AddDockerImage(string seed, Platform? platform = null, params string[] layers) =>
        AddImage(seed, platform, layers, MediaTypes.DockerManifest, MediaTypes.DockerConfig, MediaTypes.DockerLayerGzip);

    /// <summary>Adds an index over the manifests, each with its platform.</summary>
    public ManifestContent AddIndex(params (ManifestContent Manifest, string Platform)[] entries) => AddIndex(MediaTypes.OciIndex, entries);

    /// <summary>Adds a Docker manifest list over the manifests, each with its platform.</summary>
    public ManifestContent AddDockerList(params (ManifestContent Manifest, string Platform)[] entries) => AddIndex(MediaTypes.DockerManifestList, entries);

    private ManifestContent AddImage(string seed, Platform? platform, string[] layers, string manifestType, string configType, string layerType)
    {
        var config = Add(Encoding.UTF8.GetBytes($$"""{"architecture":"{{platform?.Architecture ?? "amd64"}}","os":"linux","seed":"{{seed}}"}"""));
        var layerJson = string.Join(',', layers.Select(l => Descriptor(layerType, Add(Encoding.UTF8.GetBytes(l)))));
        var manifest = new ManifestContent(
            Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{manifestType}}","config":{{Descriptor(configType, config)}},"layers":[{{layerJson}}]}"""),
            manifestType);
        Manifests[manifest.Digest] = manifest;
        return manifest;
    }

    private ManifestContent AddIndex(string mediaType, (ManifestContent Manifest, string Platform)[] entries)
    {
        var json = string.Join(',', entries.Select(e =>
        {
            var p = PlatformMatcher.Parse(e.Platform);
            return $$$"""{"mediaType":"{{{e.Manifest.MediaType}}}","digest":"{{{e.Manifest.Digest}}}","size":{{{e.Manifest.Bytes.Length}}},"platform":{"os":"{{{p.Os}}}","architecture":"{{{p.Architecture}}}"}}""";
        }));
        var index = new ManifestContent(Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{mediaType}}","manifests":[{{json}}]}"""), mediaType);
        Manifests[index.Digest] = index;
        return index;
    }

    private byte[] Add(byte[] blob)
    {
        Blobs[Digest.Compute(blob)] = blob;
        return blob;
    }

    private static string Descriptor(string mediaType, byte[] blob) =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{Digest.Compute(blob)}}","size":{{blob.Length}}}""";
}
