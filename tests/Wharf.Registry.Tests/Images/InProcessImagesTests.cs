using System.Text;
using Wharf.Oci;
using Wharf.Oci.Images;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Images;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;
using Wharf.Registry.Tests.Services;

namespace Wharf.Registry.Tests.Images;

/// <summary><see cref="InProcessImageSource"/> and <see cref="InProcessImageDestination"/>: <see cref="ImageCopier"/>
/// between two repositories of one registry through its services, as a build worker pushes and a server build reads
/// its base images, on the real embedded backends.</summary>
public sealed class InProcessImagesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-in-process-").FullName;
    private readonly SqlMetadataStore _metadata;
    private readonly UploadService _uploads;
    private readonly BlobService _blobs;
    private readonly ManifestService _manifests;
    private readonly RecordedEvents _events = new();

    public InProcessImagesTests()
    {
        var store = new FileSystemBlobStore(_root);
        _metadata = new SqlMetadataStore(SqlDatabase.Sqlite(Path.Combine(_root, "wharf.db")), TimeProvider.System);
        _uploads = new UploadService(store, _metadata, new UploadHashCache(), TimeProvider.System);
        _blobs = new BlobService(store, _metadata, new RegistryPolicy(), _events);
        _manifests = new ManifestService(_metadata, TimeProvider.System, new RegistryPolicy(), _events);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_image_copied_between_repositories_keeps_its_digest_and_is_tagged_with_every_tag()
    {
        await _metadata.MigrateAsync(Ct);
        var layer = Encoding.UTF8.GetBytes("layer bytes");
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        var pushed = await PushAsync("team/base", "1", config, layer);
        var builder = new RegistryActor("alice", null);

        await using var source = new InProcessImageSource(_blobs, _manifests, RepositoryName.Parse("team/base"), Reference.ForTag("1"), builder);
        await using var destination = new InProcessImageDestination(_uploads, _blobs, _manifests, RepositoryName.Parse("team/app"), ["2", "latest"], builder);
        var copy = await new ImageCopier().CopyAsync(source, destination, new CopyOptions(), Ct);

        Assert.Equal(pushed, copy.Manifest);
        Assert.Equal(2, copy.BlobsCopied);
        Assert.Equal(pushed, await _metadata.FindTagAsync("team/app", "2", Ct));
        Assert.Equal(pushed, await _metadata.FindTagAsync("team/app", "latest", Ct));
        Assert.Equal(layer.Length, await _metadata.FindBlobLinkAsync("team/app", Digest.Compute(layer), Ct));
        Assert.Contains(_events.All, e => e is { Action: "pull", Repository: "team/base", Actor.Name: "alice" });
        Assert.Equal(2, _events.All.Count(e => e is { Action: "push", Repository: "team/app", Actor.Name: "alice" }));

        // Again: every blob is there already.
        await using var again = new InProcessImageDestination(_uploads, _blobs, _manifests, RepositoryName.Parse("team/app"), ["3"], builder);
        Assert.Equal(2, (await new ImageCopier().CopyAsync(source, again, new CopyOptions(), Ct)).BlobsReused);
    }

    [Fact]
    public async Task A_source_serves_only_what_its_repository_holds()
    {
        await _metadata.MigrateAsync(Ct);
        var other = await PushAsync("team/other", "1", Encoding.UTF8.GetBytes("{}"), Encoding.UTF8.GetBytes("theirs"));

        await using var missing = new InProcessImageSource(_blobs, _manifests, RepositoryName.Parse("team/base"), Reference.ForTag("1"), RegistryActor.Anonymous);
        await using var byDigest = new InProcessImageSource(_blobs, _manifests, RepositoryName.Parse("team/base"), Reference.ForDigest(other), RegistryActor.Anonymous);

        await Assert.ThrowsAsync<ImageNotFoundException>(() => missing.GetManifestAsync(Ct));
        await Assert.ThrowsAsync<ImageNotFoundException>(() => byDigest.GetManifestAsync(other, Ct));
        var blob = new Descriptor { MediaType = "application/octet-stream", Digest = Digest.Compute(Encoding.UTF8.GetBytes("theirs")), Size = 6 };
        await Assert.ThrowsAsync<ImageNotFoundException>(() => missing.OpenBlobAsync(blob, 0, Ct));
    }

    private async Task<Digest> PushAsync(string repository, string tag, byte[] config, byte[] layer)
    {
        var descriptors = new List<string>();
        foreach (var (blob, type) in new[] { (config, MediaTypes.OciConfig), (layer, MediaTypes.OciLayerTar) })
        {
            var digest = Digest.Compute(blob);
            await _uploads.PushMonolithicAsync(RepositoryName.Parse(repository), digest, new MemoryStream(blob), Ct);
            descriptors.Add($$"""{"mediaType":"{{type}}","digest":"{{digest}}","size":{{blob.Length}}}""");
        }

        var manifest = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{{descriptors[0]}},"layers":[{{descriptors[1]}}]}""");
        return (await _manifests.PutAsync(RepositoryName.Parse(repository), Reference.ForTag(tag), manifest, MediaTypes.OciManifest, RegistryActor.Anonymous, Ct)).Digest;
    }
}
