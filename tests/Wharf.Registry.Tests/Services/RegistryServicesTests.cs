using System.Text;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Registry.Blobs;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Services;

/// <summary>The rules every front end gets by calling the registry services rather than the stores: a repository serves
/// only the blobs it links, deletes can be turned off, and pushes, pulls and deletes are reported as events.</summary>
public sealed class RegistryServicesTests
{
    private static readonly RegistryActor Alice = new("alice", "192.0.2.7");
    private readonly RecordedEvents _events = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repository_serves_only_the_blobs_it_links()
    {
        var (blobs, _, uploads) = await CreateAsync(new RegistryPolicy());
        var bytes = Encoding.UTF8.GetBytes("a layer of team/app");
        var digest = Digest.Compute(bytes);
        await uploads.PushMonolithicAsync(Repo("team/app"), digest, new MemoryStream(bytes), Ct);

        var linked = await blobs.FindAsync(Repo("team/app"), digest, Ct);
        Assert.NotNull(linked);
        Assert.Equal(bytes.Length, linked.Size);
        await using (var stream = await blobs.OpenAsync(linked, 2, Ct))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            Assert.Equal(bytes[2..], copy.ToArray());
        }

        // The bytes are stored, but other/app never linked them: it must neither serve nor reveal them.
        Assert.Null(await blobs.FindAsync(Repo("other/app"), digest, Ct));
    }

    [Fact]
    public async Task Pushes_pulls_and_deletes_are_events_and_a_look_is_not_a_pull()
    {
        var (blobs, manifests, uploads) = await CreateAsync(new RegistryPolicy());
        var manifest = await PushImageAsync(manifests, uploads);

        Assert.NotNull(await manifests.FindAsync(Repo("team/app"), Reference.ForTag("1"), Ct));
        Assert.NotNull(await manifests.PullAsync(Repo("team/app"), Reference.ForTag("1"), Alice, Ct));
        Assert.Null(await manifests.PullAsync(Repo("team/app"), Reference.ForTag("nope"), Alice, Ct));
        await manifests.DeleteAsync(Repo("team/app"), Reference.ForDigest(manifest.Digest), Alice, Ct);
        await blobs.DeleteAsync(Repo("team/app"), manifest.Blobs[0], Alice, Ct);

        Assert.Equal(
            [
                new RegistryEvent(AuditActions.Push, "team/app", "1", manifest.Digest, Alice, manifest.MediaType, manifest.Content.Length),
                new RegistryEvent(AuditActions.Pull, "team/app", "1", manifest.Digest, Alice, manifest.MediaType, manifest.Content.Length),
                new RegistryEvent(AuditActions.Delete, "team/app", manifest.Digest.ToString(), null, Alice),
                new RegistryEvent(AuditActions.Delete, "team/app", manifest.Blobs[0].ToString(), null, Alice),
            ],
            _events.All);
    }

    [Fact]
    public async Task With_deletes_turned_off_nothing_is_deleted_by_any_front_end()
    {
        var (blobs, manifests, uploads) = await CreateAsync(new RegistryPolicy(DeletesEnabled: false));
        var manifest = await PushImageAsync(manifests, uploads);

        var tag = await Assert.ThrowsAsync<RegistryException>(() => manifests.DeleteAsync(Repo("team/app"), Reference.ForTag("1"), Alice, Ct));
        var blob = await Assert.ThrowsAsync<RegistryException>(() => blobs.DeleteAsync(Repo("team/app"), manifest.Blobs[0], Alice, Ct));

        Assert.Equal(OciErrorCode.Unsupported, tag.Code);
        Assert.Equal(OciErrorCode.Unsupported, blob.Code);
        Assert.NotNull(await manifests.FindAsync(Repo("team/app"), Reference.ForTag("1"), Ct));
        Assert.NotNull(await blobs.FindAsync(Repo("team/app"), manifest.Blobs[0], Ct));
        Assert.DoesNotContain(_events.All, e => e.Action == AuditActions.Delete);
    }

    private async Task<(BlobService Blobs, ManifestService Manifests, UploadService Uploads)> CreateAsync(RegistryPolicy policy)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wharf-services-").FullName, "wharf.db");
        var metadata = new SqlMetadataStore(SqlDatabase.Sqlite(path), TimeProvider.System);
        await metadata.MigrateAsync(Ct);
        var store = new InMemoryBlobStore(TimeProvider.System);
        return (new BlobService(store, metadata, policy, _events),
            new ManifestService(metadata, TimeProvider.System, policy, _events),
            new UploadService(store, metadata, new UploadHashCache(), TimeProvider.System));
    }

    private static async Task<StoredManifest> PushImageAsync(ManifestService manifests, UploadService uploads)
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        var configDigest = Digest.Compute(config);
        await uploads.PushMonolithicAsync(Repo("team/app"), configDigest, new MemoryStream(config), Ct);
        var body = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[]}""");
        return await manifests.PutAsync(Repo("team/app"), Reference.ForTag("1"), body, MediaTypes.OciManifest, Alice, Ct);
    }

    private static RepositoryName Repo(string name) => RepositoryName.Parse(name);
}
