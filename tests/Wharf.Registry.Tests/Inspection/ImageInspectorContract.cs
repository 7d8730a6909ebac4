using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Oci;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Inspection;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Tests.Services;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Inspection;

/// <summary><see cref="ImageInspector"/> and <see cref="LayerSizeMeasurer"/> on a real database and blob store: what the
/// tag page shows of an image (config, layers with both sizes and the step that made each), of an index (platforms and
/// their sizes, shared layers counted once) and of a manifest's referrers.</summary>
public abstract class ImageInspectorContract : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-inspect-").FullName;
    private SqlMetadataStore _metadata = null!;
    private UploadService _uploads = null!;
    private ManifestService _manifests = null!;
    private SqlBlobSizeStore _sizes = null!;
    private LayerSizeMeasurer _measurer = null!;
    private ImageInspector _inspector = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    public async ValueTask InitializeAsync()
    {
        var database = await CreateDatabaseAsync();
        var store = new FileSystemBlobStore(_root);
        var events = new RecordedEvents();
        _metadata = new SqlMetadataStore(database, TimeProvider.System);
        await _metadata.MigrateAsync(Ct);
        _uploads = new UploadService(store, _metadata, new UploadHashCache(), TimeProvider.System);
        _manifests = new ManifestService(_metadata, TimeProvider.System, new RegistryPolicy(), events);
        _sizes = new SqlBlobSizeStore(database, TimeProvider.System);
        _measurer = new LayerSizeMeasurer(store, _sizes, NullLogger<LayerSizeMeasurer>.Instance);
        _inspector = new ImageInspector(_manifests, _metadata, new BlobService(store, _metadata, new RegistryPolicy(), events), _sizes);
    }

    public virtual ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_image_shows_its_config_its_layers_with_both_sizes_and_the_step_that_made_each()
    {
        var plain = Bytes(1000, 'a');
        var gzip = Gzip(Bytes(50_000, 'b'));
        var zstd = Zstd(Bytes(70_000, 'c'));
        var config = Encoding.UTF8.GetBytes("""
            {"architecture":"arm64","variant":"v8","os":"linux","created":"2026-01-02T03:04:05Z",
             "config":{"Entrypoint":["/app"],"Cmd":["--serve"],"Env":["PATH=/bin","MODE=prod"],"WorkingDir":"/srv","User":"app",
                       "ExposedPorts":{"8080/tcp":{},"53/udp":{}},"Volumes":{"/data":{}},"Labels":{"org.opencontainers.image.source":"https://x"},"StopSignal":"SIGTERM"},
             "history":[
               {"created_by":"/bin/sh -c #(nop) ADD file:abc in / "},
               {"created_by":"/bin/sh -c #(nop)  ENV MODE=prod","empty_layer":true},
               {"created_by":"RUN |1 V=2 /bin/sh -c make install # buildkit","comment":"buildkit.dockerfile.v0"},
               {"created_by":"COPY app /app # buildkit"},
               {"created_by":"CMD [\"--serve\"]","empty_layer":true}]}
            """);
        await PushImageAsync("team/app", "1", config, plain, gzip, zstd);

        var before = await _inspector.InspectAsync(RepositoryName.Parse("team/app"), Reference.ForTag("1"), Ct);
        Assert.All(before!.Layers, l => Assert.Null(l.UncompressedSize));
        Assert.Null(before.UncompressedSize);
        Assert.Equal(4, await _measurer.MeasureAsync(10, Ct)); // the config and three layers
        Assert.Equal(0, await _measurer.MeasureAsync(10, Ct));
        var image = await _inspector.InspectAsync(RepositoryName.Parse("team/app"), Reference.ForTag("1"), Ct);

        Assert.NotNull(image);
        Assert.False(image.IsIndex);
        Assert.Equal(config.Length + plain.Length + gzip.Length + zstd.Length, image.CompressedSize);
        Assert.Equal([1000L, 50_000L, 70_000L], image.Layers.Select(l => l.UncompressedSize!.Value));
        Assert.Equal(121_000, image.UncompressedSize);
        Assert.Equal(["ADD file:abc in /", "RUN make install", "COPY app /app"], image.Layers.Select(l => l.Step!));
        Assert.Equal(["ADD file:abc in /", "ENV MODE=prod", "RUN make install", "COPY app /app", "CMD [\"--serve\"]"], image.Steps.Select(s => s.Instruction));
        Assert.Equal([0, null, 1, 2, null], image.Steps.Select(s => s.Layer));
        var c = image.Config!;
        Assert.Equal(("linux", "arm64", "v8"), (c.Os, c.Architecture, c.Variant));
        Assert.Equal(["/app"], c.Entrypoint!);
        Assert.Equal(["--serve"], c.Cmd!);
        Assert.Equal(["PATH=/bin", "MODE=prod"], c.Env);
        Assert.Equal(("/srv", "app", "SIGTERM"), (c.WorkingDir, c.User, c.StopSignal));
        Assert.Equal(["53/udp", "8080/tcp"], c.ExposedPorts);
        Assert.Equal(["/data"], c.Volumes);
        Assert.Equal("https://x", c.Labels["org.opencontainers.image.source"]);
        Assert.Contains("\n  \"schemaVersion\": 2", image.ManifestJson, StringComparison.Ordinal);
        Assert.Empty(image.Platforms);
    }

    [Fact]
    public async Task An_index_shows_each_platform_with_its_size_and_counts_a_layer_two_platforms_share_once()
    {
        var shared = Gzip(Bytes(4000, 's'));
        var amd = await PushImageAsync("team/multi", null, Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}"""), shared, Gzip(Bytes(100, 'x')));
        var arm = await PushImageAsync("team/multi", null, Encoding.UTF8.GetBytes("""{"architecture":"arm64","os":"linux"}"""), shared);
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciIndex}}}","manifests":[
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{amd.Digest}}}","size":{{{amd.Size}}},"platform":{"os":"linux","architecture":"amd64"}},
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{arm.Digest}}}","size":{{{arm.Size}}},"platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
              {"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{arm.Digest}}}","size":{{{arm.Size}}},"platform":{"os":"unknown","architecture":"unknown"},
               "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
            """);
        await _manifests.PutAsync(RepositoryName.Parse("team/multi"), Reference.ForTag("1"), index, MediaTypes.OciIndex, RegistryActor.Anonymous, Ct);

        var image = await _inspector.InspectAsync(RepositoryName.Parse("team/multi"), Reference.ForTag("1"), Ct);

        Assert.True(image!.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm64/v8", "unknown/unknown"], image.Platforms.Select(p => p.Platform!.ToString()));
        Assert.Equal([false, false, true], image.Platforms.Select(p => p.IsAttestation));
        Assert.Equal(amd.BlobBytes, image.Platforms[0].CompressedSize);
        Assert.Equal(arm.BlobBytes, image.Platforms[1].CompressedSize);
        Assert.Equal(amd.BlobBytes + arm.BlobBytes - shared.Length, image.CompressedSize);
        Assert.Empty(image.Layers);
    }

    [Fact]
    public async Task A_signature_that_refers_to_an_image_is_listed_and_an_unknown_tag_is_nothing()
    {
        var subject = await PushImageAsync("team/signed", "1", Encoding.UTF8.GetBytes("{}"), Bytes(10, 'l'));
        var signature = Bytes(64, 'g');
        var empty = "{}"u8.ToArray();
        await _uploads.PushMonolithicAsync(RepositoryName.Parse("team/signed"), Digest.Compute(signature), new MemoryStream(signature), Ct);
        await _uploads.PushMonolithicAsync(RepositoryName.Parse("team/signed"), Digest.Compute(empty), new MemoryStream(empty), Ct);
        var referrer = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","artifactType":"application/vnd.dev.cosign.artifact.sig.v1+json",
             "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{{Digest.Compute(empty)}}}","size":2},
             "layers":[{"mediaType":"application/octet-stream","digest":"{{{Digest.Compute(signature)}}}","size":64}],
             "subject":{"mediaType":"{{{MediaTypes.OciManifest}}}","digest":"{{{subject.Digest}}}","size":{{{subject.Size}}}}}
            """);
        var pushed = await _manifests.PutAsync(RepositoryName.Parse("team/signed"), Reference.ForDigest(Digest.Compute(referrer)), referrer, MediaTypes.OciManifest, RegistryActor.Anonymous, Ct);

        var image = await _inspector.InspectAsync(RepositoryName.Parse("team/signed"), Reference.ForDigest(subject.Digest), Ct);

        var listed = Assert.Single(image!.Referrers);
        Assert.Equal(pushed.Digest, listed.Digest);
        Assert.Equal("application/vnd.dev.cosign.artifact.sig.v1+json", listed.ArtifactType);
        Assert.Null(await _inspector.InspectAsync(RepositoryName.Parse("team/signed"), Reference.ForTag("nope"), Ct));
    }

    [Fact]
    public async Task A_layer_that_claims_gzip_but_is_not_is_measured_as_unreadable_not_as_a_failure()
    {
        var broken = new byte[] { 0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 };
        await PushImageAsync("team/broken", "1", Encoding.UTF8.GetBytes("{}"), broken);

        await _measurer.MeasureAsync(10, Ct);
        var image = await _inspector.InspectAsync(RepositoryName.Parse("team/broken"), Reference.ForTag("1"), Ct);

        Assert.Equal(-1, Assert.Single(image!.Layers).UncompressedSize);
        Assert.Null(image.UncompressedSize);
        Assert.Null(Assert.Single(image.Layers).Step); // no history at all
    }

    private sealed record Pushed(Digest Digest, long Size, long BlobBytes);

    private async Task<Pushed> PushImageAsync(string repository, string? tag, byte[] config, params byte[][] layers)
    {
        var name = RepositoryName.Parse(repository);
        var descriptors = new List<string>();
        foreach (var (blob, type) in layers.Select(l => (l, MediaTypes.OciLayerGzip)).Prepend((config, MediaTypes.OciConfig)))
        {
            var digest = Digest.Compute(blob);
            await _uploads.PushMonolithicAsync(name, digest, new MemoryStream(blob), Ct);
            descriptors.Add($$"""{"mediaType":"{{type}}","digest":"{{digest}}","size":{{blob.Length}}}""");
        }

        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{{descriptors[0]}},"layers":[{{string.Join(',', descriptors.Skip(1))}}]}""");
        var reference = tag is null ? Reference.ForDigest(Digest.Compute(manifest)) : Reference.ForTag(tag);
        var stored = await _manifests.PutAsync(name, reference, manifest, MediaTypes.OciManifest, RegistryActor.Anonymous, Ct);
        return new Pushed(stored.Digest, manifest.Length, config.Length + layers.Sum(l => (long)l.Length));
    }

    private static byte[] Bytes(int count, char c) => Encoding.ASCII.GetBytes(new string(c, count));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }
}
