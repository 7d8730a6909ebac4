using System.Text;
using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

/// <summary>What every <see cref="IMetadataStore"/> must do. Each database's test class derives from this.</summary>
public abstract class MetadataStoreContract
{
    private static readonly Digest BlobA = Digest.Compute([1]);
    private static readonly Digest BlobB = Digest.Compute([2]);

    /// <summary>A new, empty, migrated store.</summary>
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync(Ct);
        Assert.Empty(await store.ListRepositoriesAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Blob_links_are_per_repository()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("a/x", BlobA, 10, Ct);
        await store.LinkBlobAsync("a/x", BlobA, 10, Ct);

        Assert.Equal(10, await store.FindBlobLinkAsync("a/x", BlobA, Ct));
        Assert.Null(await store.FindBlobLinkAsync("b/y", BlobA, Ct));
        Assert.Equal([BlobB], await store.FindUnlinkedBlobsAsync("a/x", [BlobA, BlobB], Ct));
        Assert.True(await store.UnlinkBlobAsync("a/x", BlobA, Ct));
        Assert.False(await store.UnlinkBlobAsync("a/x", BlobA, Ct));
        Assert.Null(await store.FindBlobLinkAsync("a/x", BlobA, Ct));
    }

    [Fact]
    public async Task Putting_a_manifest_by_tag_stores_it_and_moves_the_tag()
    {
        var store = await CreateStoreAsync();
        var first = Manifest("one");
        var second = Manifest("two");
        await store.PutManifestAsync("team/app", first, "latest", Ct);
        Assert.Equal(first.Digest, await store.FindTagAsync("team/app", "latest", Ct));

        await store.PutManifestAsync("team/app", second, "latest", Ct);
        await store.PutManifestAsync("team/app", second, null, Ct);

        Assert.Equal(second.Digest, await store.FindTagAsync("team/app", "latest", Ct));
        Assert.Equal(second.Content, (await store.FindTaggedManifestAsync("team/app", "latest", Ct))?.Content);
        Assert.Null(await store.FindTaggedManifestAsync("team/app", "nope", Ct));
        var found = await store.FindManifestAsync("team/app", first.Digest, Ct);
        Assert.NotNull(found);
        Assert.Equal(first.Content, found.Content);
        Assert.Equal(first.MediaType, found.MediaType);
        Assert.Empty(await store.FindMissingManifestsAsync("team/app", [first.Digest, second.Digest], Ct));
        Assert.Null(await store.FindManifestAsync("other/app", first.Digest, Ct));
    }

    [Fact]
    public async Task Deleting_a_manifest_deletes_its_tags_and_deleting_a_tag_keeps_the_manifest()
    {
        var store = await CreateStoreAsync();
        var m = Manifest("x");
        await store.PutManifestAsync("r", m, "a", Ct);
        await store.PutManifestAsync("r", m, "b", Ct);

        Assert.True(await store.DeleteTagAsync("r", "a", Ct));
        Assert.False(await store.DeleteTagAsync("r", "a", Ct));
        Assert.NotNull(await store.FindManifestAsync("r", m.Digest, Ct));

        Assert.True(await store.DeleteManifestAsync("r", m.Digest, Ct));
        Assert.False(await store.DeleteManifestAsync("r", m.Digest, Ct));
        Assert.Null(await store.FindTagAsync("r", "b", Ct));
        Assert.Equal([], await store.ListTagsAsync("r", null, 10, Ct));
    }

    [Fact]
    public async Task Tags_and_repositories_page_in_case_insensitive_lexical_order()
    {
        var store = await CreateStoreAsync();
        var m = Manifest("x");
        foreach (var tag in new[] { "b", "a", "c", "B" })
        {
            await store.PutManifestAsync("r", m, tag, Ct);
        }

        await store.LinkBlobAsync("z", BlobA, 1, Ct);

        // distribution-spec: lexical order is case-insensitive; the exact name breaks ties.
        Assert.Equal(["a", "B"], await store.ListTagsAsync("r", null, 2, Ct));
        Assert.Equal(["b", "c"], await store.ListTagsAsync("r", "B", 2, Ct));
        Assert.Equal([], await store.ListTagsAsync("r", "c", 2, Ct));
        Assert.Null(await store.ListTagsAsync("nope", null, 2, Ct));
        Assert.Equal(["r", "z"], await store.ListRepositoriesAsync(null, 10, Ct));
        Assert.Equal(["z"], await store.ListRepositoriesAsync("r", 10, Ct));
    }

    [Fact]
    public async Task Referrers_are_found_by_subject_and_filtered_by_artifact_type()
    {
        var store = await CreateStoreAsync();
        var subject = Manifest("subject");
        var sbom = Manifest("sbom") with { Subject = subject.Digest, ArtifactType = "application/sbom", AnnotationsJson = "{\"k\":\"v\"}" };
        var sig = Manifest("sig") with { Subject = subject.Digest, ArtifactType = "application/sig" };
        await store.PutManifestAsync("r", sbom, null, Ct);
        await store.PutManifestAsync("r", sig, null, Ct);

        var all = await store.ListReferrersAsync("r", subject.Digest, null, Ct);
        var sboms = await store.ListReferrersAsync("r", subject.Digest, "application/sbom", Ct);

        Assert.Equal(2, all.Count);
        var only = Assert.Single(sboms);
        Assert.Equal(sbom.Digest, only.Digest);
        Assert.Equal(sbom.Content.Length, only.Size);
        Assert.Equal("{\"k\":\"v\"}", only.AnnotationsJson);
        Assert.Empty(await store.ListReferrersAsync("other", subject.Digest, null, Ct));
    }

    [Fact]
    public async Task Upload_sessions_are_recorded_found_and_forgotten()
    {
        var store = await CreateStoreAsync();
        var started = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var session = new UploadSession("0123456789abcdef0123456789abcdef", "team/app", started);
        await store.CreateUploadAsync(session, Ct);

        Assert.Equal(session, await store.FindUploadAsync(session.Id, Ct));
        Assert.Equal([session], await store.ListUploadsStartedBeforeAsync(started.AddSeconds(1), Ct));
        Assert.Empty(await store.ListUploadsStartedBeforeAsync(started, Ct));
        await store.MarkUploadCompletingAsync(session.Id, BlobA, Ct);
        Assert.Equal(session with { CompletingDigest = BlobA }, await store.FindUploadAsync(session.Id, Ct));
        Assert.True(await store.DeleteUploadAsync(session.Id, Ct));
        Assert.False(await store.DeleteUploadAsync(session.Id, Ct));
        Assert.Null(await store.FindUploadAsync(session.Id, Ct));
    }

    [Fact]
    public async Task Concurrent_tag_moves_end_consistent()
    {
        var store = await CreateStoreAsync();
        var manifests = Enumerable.Range(0, 16).Select(i => Manifest($"m{i}")).ToList();

        await Task.WhenAll(manifests.Select(m => Task.Run(() => store.PutManifestAsync("r", m, "latest", Ct), Ct)));

        var tagged = await store.FindTagAsync("r", "latest", Ct);
        Assert.Contains(tagged!.Value, manifests.Select(m => m.Digest));
        Assert.Empty(await store.FindMissingManifestsAsync("r", [.. manifests.Select(m => m.Digest)], Ct));
    }

    private static StoredManifest Manifest(string seed)
    {
        var content = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"seed\":\"{seed}\"}}");
        return new StoredManifest(Digest.Compute(content), MediaTypes.OciManifest, content, null, null, null, [BlobA], [], DateTimeOffset.UnixEpoch);
    }
}
