using System.Text;
using Wharf.Oci;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Metadata;

/// <summary>What every <see cref="IMetadataStore"/> must do. Each database's test class derives from this. This file: the
/// operations one at a time; the other part: the races of decision 005.</summary>
public abstract partial class MetadataStoreContract
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
        Assert.Null(await store.FindBlobLinkAsync("a/x", BlobB, Ct));
        Assert.True(await store.UnlinkBlobAsync("a/x", BlobA, Ct));
        Assert.False(await store.UnlinkBlobAsync("a/x", BlobA, Ct));
        Assert.Null(await store.FindBlobLinkAsync("a/x", BlobA, Ct));
    }

    [Fact]
    public async Task Content_sizes_are_those_of_linked_blobs_and_stored_manifests_of_the_repository()
    {
        var store = await CreateStoreAsync();
        var manifest = Manifest("sized");
        await store.LinkBlobAsync("a/x", BlobA, 10, Ct);
        await store.LinkBlobAsync("b/y", BlobB, 20, Ct);
        await store.PutManifestAsync("a/x", manifest, null, null, Ct);

        var sizes = await store.FindContentSizesAsync("a/x", [BlobA, BlobB, manifest.Digest, BlobA], Ct);

        Assert.Equal(new Dictionary<Digest, long> { [BlobA] = 10, [manifest.Digest] = manifest.Content.Length }, sizes);
        Assert.Empty(await store.FindContentSizesAsync("a/x", [], Ct));
        Assert.Empty(await store.FindContentSizesAsync("nobody/here", [BlobA], Ct));
    }

    [Fact]
    public async Task Putting_a_manifest_by_tag_stores_it_and_moves_the_tag()
    {
        var store = await CreateStoreAsync();
        var first = Manifest("one");
        var second = Manifest("two");
        await store.PutManifestAsync("team/app", first, "latest", null, Ct);
        Assert.Equal(first.Digest, await store.FindTagAsync("team/app", "latest", Ct));

        await store.PutManifestAsync("team/app", second, "latest", null, Ct);
        await store.PutManifestAsync("team/app", second, null, null, Ct);

        Assert.Equal(second.Digest, await store.FindTagAsync("team/app", "latest", Ct));
        Assert.Equal(second.Content, (await store.FindTaggedManifestAsync("team/app", "latest", Ct))?.Content);
        Assert.Null(await store.FindTaggedManifestAsync("team/app", "nope", Ct));
        var found = await store.FindManifestAsync("team/app", first.Digest, Ct);
        Assert.NotNull(found);
        Assert.Equal(first.Content, found.Content);
        Assert.Equal(first.MediaType, found.MediaType);
        Assert.Null(await store.FindManifestAsync("other/app", first.Digest, Ct));
    }

    [Fact]
    public async Task Deleting_a_manifest_deletes_its_tags_and_deleting_a_tag_keeps_the_manifest()
    {
        var store = await CreateStoreAsync();
        var m = Manifest("x");
        await store.PutManifestAsync("r", m, "a", null, Ct);
        await store.PutManifestAsync("r", m, "b", null, Ct);

        Assert.True(await store.DeleteTagAsync("r", "a", null, Ct));
        Assert.False(await store.DeleteTagAsync("r", "a", null, Ct));
        Assert.NotNull(await store.FindManifestAsync("r", m.Digest, Ct));

        Assert.True(await store.DeleteManifestAsync("r", m.Digest, null, Ct));
        Assert.False(await store.DeleteManifestAsync("r", m.Digest, null, Ct));
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
            await store.PutManifestAsync("r", m, tag, null, Ct);
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
        await store.PutManifestAsync("r", sbom, null, null, Ct);
        await store.PutManifestAsync("r", sig, null, null, Ct);

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
    public async Task An_upload_grows_only_by_appends_at_exactly_its_size_and_the_first_of_two_at_one_offset_wins()
    {
        var store = await CreateStoreAsync();
        var session = new UploadSession("0123456789abcdef0123456789abcdef", "team/app", DateTimeOffset.UtcNow);
        await store.CreateUploadAsync(session, Ct);
        var first = new StagedPart(new string('1', 32), 5);
        var second = new StagedPart(new string('2', 32), 7);
        var loser = new StagedPart(new string('3', 32), 9);

        Assert.True(await store.AppendUploadPartAsync(session.Id, 0, first, Ct));
        Assert.False(await store.AppendUploadPartAsync(session.Id, 0, loser, Ct));
        Assert.False(await store.AppendUploadPartAsync(session.Id, 4, loser, Ct));
        Assert.True(await store.AppendUploadPartAsync(session.Id, 5, second, Ct));
        Assert.False(await store.AppendUploadPartAsync(session.Id, 5, loser, Ct));

        Assert.Equal(12, (await store.FindUploadAsync(session.Id, Ct))!.Size);
        Assert.Equal([first, second], await store.ListUploadPartsAsync(session.Id, Ct));

        // A completing upload takes no more bytes; a forgotten one neither, and its parts go with it.
        Assert.True(await store.MarkUploadCompletingAsync(session.Id, BlobA, Ct));
        Assert.False(await store.AppendUploadPartAsync(session.Id, 12, loser, Ct));
        Assert.True(await store.DeleteUploadAsync(session.Id, Ct));
        Assert.Empty(await store.ListUploadPartsAsync(session.Id, Ct));
        Assert.False(await store.AppendUploadPartAsync(session.Id, 0, loser, Ct));
    }

    [Fact]
    public async Task Concurrent_appends_at_one_offset_record_exactly_one_part()
    {
        var store = await CreateStoreAsync();
        var session = new UploadSession("abcdef0123456789abcdef0123456789", "team/app", DateTimeOffset.UtcNow);
        await store.CreateUploadAsync(session, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.AppendUploadPartAsync(session.Id, 0, new StagedPart(i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), 10 + i), Ct), Ct)));

        Assert.Single(results, won => won);
        var winner = Array.IndexOf(results, true);
        Assert.Equal([new StagedPart(winner.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), 10 + winner)], await store.ListUploadPartsAsync(session.Id, Ct));
        Assert.Equal(10 + winner, (await store.FindUploadAsync(session.Id, Ct))!.Size);
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
        Assert.True(await store.MarkUploadCompletingAsync(session.Id, BlobA, Ct));
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

        await Task.WhenAll(manifests.Select(m => Task.Run(() => store.PutManifestAsync("r", m, "latest", null, Ct), Ct)));

        var tagged = await store.FindTagAsync("r", "latest", Ct);
        Assert.Contains(tagged!.Value, manifests.Select(m => m.Digest));
        foreach (var m in manifests)
        {
            Assert.NotNull(await store.FindManifestAsync("r", m.Digest, Ct));
        }
    }

    [Fact]
    public async Task A_manifest_naming_what_the_repository_lacks_is_refused_and_nothing_is_stored()
    {
        var store = await CreateStoreAsync();
        var child = Manifest("child");
        var index = Manifest("index", BlobA) with { Children = [child.Digest] };

        Assert.Equal([BlobA, child.Digest], await store.PutManifestAsync("r", index, "v1", null, Ct));
        Assert.Null(await store.FindManifestAsync("r", index.Digest, Ct));
        Assert.Null(await store.FindTagAsync("r", "v1", Ct));

        await store.LinkBlobAsync("r", BlobA, 1, Ct);
        Assert.Equal([child.Digest], await store.PutManifestAsync("r", index, "v1", null, Ct));
        Assert.Empty(await store.PutManifestAsync("r", child, null, null, Ct));
        Assert.Empty(await store.PutManifestAsync("r", index, "v1", null, Ct));
        Assert.Equal(index.Digest, await store.FindTagAsync("r", "v1", Ct));
    }

    [Fact]
    public async Task Mounting_copies_a_link_only_from_a_repository_that_has_it()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("a", BlobA, 7, Ct);

        Assert.True(await store.MountBlobAsync("a", "b", BlobA, Ct));
        Assert.True(await store.MountBlobAsync("a", "b", BlobA, Ct));
        Assert.Equal(7, await store.FindBlobLinkAsync("b", BlobA, Ct));
        Assert.False(await store.MountBlobAsync("a", "c", BlobB, Ct));
        Assert.False(await store.MountBlobAsync("nope", "c", BlobA, Ct));
        Assert.Equal(["a", "b"], await store.ListRepositoriesAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Only_old_links_no_manifest_of_their_repository_names_are_swept()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("kept", BlobA, 1, Ct);
        Assert.Empty(await store.PutManifestAsync("kept", Manifest("m", BlobA), "v1", null, Ct));
        await store.LinkBlobAsync("swept", BlobA, 1, Ct);
        await store.LinkBlobAsync("swept", BlobB, 1, Ct);

        Assert.Equal(0, await store.DeleteUnreferencedBlobLinksAsync(DateTimeOffset.UtcNow.AddHours(-1), Ct));
        Assert.Equal(2, await store.DeleteUnreferencedBlobLinksAsync(DateTimeOffset.UtcNow.AddMinutes(1), Ct));

        Assert.NotNull(await store.FindBlobLinkAsync("kept", BlobA, Ct));
        Assert.Null(await store.FindBlobLinkAsync("swept", BlobA, Ct));
        Assert.Null(await store.FindBlobLinkAsync("swept", BlobB, Ct));
    }

    [Fact]
    public async Task A_blob_is_unreferenced_only_when_no_link_manifest_or_completing_upload_names_it()
    {
        var store = await CreateStoreAsync();
        var linked = Digest.Compute([10]);
        var named = Digest.Compute([11]);
        var completing = Digest.Compute([12]);
        var free = Digest.Compute([13]);
        await store.LinkBlobAsync("r", linked, 1, Ct);
        await store.LinkBlobAsync("r", named, 1, Ct);
        Assert.Empty(await store.PutManifestAsync("r", Manifest("m", named), null, null, Ct));
        Assert.True(await store.UnlinkBlobAsync("r", named, Ct)); // DELETE blob: the manifest still needs the bytes
        var session = new UploadSession("0123456789abcdef0123456789abcdef", "r", DateTimeOffset.UtcNow);
        await store.CreateUploadAsync(session, Ct);
        Assert.True(await store.MarkUploadCompletingAsync(session.Id, completing, Ct));

        Assert.Equal([free], await store.FindUnreferencedBlobsAsync([linked, named, completing, free], Ct));
        Assert.False(await store.BeginBlobDeletionAsync(linked, Ct));
        Assert.False(await store.BeginBlobDeletionAsync(named, Ct));
        Assert.False(await store.BeginBlobDeletionAsync(completing, Ct));
        Assert.Null(await store.FindBlobDeletionAsync(free, Ct));
        Assert.True(await store.BeginBlobDeletionAsync(free, Ct));
        Assert.False(await store.BeginBlobDeletionAsync(free, Ct)); // the first deletion holds its lease (decision 005)
        Assert.Equal([free], await store.ListBlobDeletionsAsync(DateTimeOffset.MaxValue, Ct));
        Assert.Empty(await store.ListBlobDeletionsAsync(DateTimeOffset.UnixEpoch, Ct)); // none begun before then
        Assert.NotNull(await store.FindBlobDeletionAsync(free, Ct));

        await store.EndBlobDeletionAsync(free, Ct);
        await store.EndBlobDeletionAsync(free, Ct);
        Assert.Empty(await store.ListBlobDeletionsAsync(DateTimeOffset.MaxValue, Ct));
        Assert.Null(await store.FindBlobDeletionAsync(free, Ct));
    }

    [Fact]
    public async Task An_upload_cannot_complete_under_a_digest_being_deleted_and_a_mount_cannot_revive_it()
    {
        var store = await CreateStoreAsync();
        var session = new UploadSession("0123456789abcdef0123456789abcdef", "r", DateTimeOffset.UtcNow);
        await store.CreateUploadAsync(session, Ct);
        Assert.True(await store.BeginBlobDeletionAsync(BlobA, Ct));

        Assert.False(await store.MarkUploadCompletingAsync(session.Id, BlobA, Ct));
        Assert.Null((await store.FindUploadAsync(session.Id, Ct))!.CompletingDigest);
        Assert.False(await store.MountBlobAsync("elsewhere", "r", BlobA, Ct));

        await store.EndBlobDeletionAsync(BlobA, Ct);
        Assert.True(await store.MarkUploadCompletingAsync(session.Id, BlobA, Ct));
        Assert.False(await store.BeginBlobDeletionAsync(BlobA, Ct));
    }

    private static StoredManifest Manifest(string seed, params Digest[] blobs)
    {
        var content = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"seed\":\"{seed}\"}}");
        return new StoredManifest(Digest.Compute(content), MediaTypes.OciManifest, content, null, null, null, blobs, [], DateTimeOffset.UnixEpoch);
    }
}
