using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Tests.Metadata;

/// <summary>The races decision 005 closes: each test runs two operations at the same instant, round after round, and
/// checks the invariant after every round. SQLite passes them by serialising writers; PostgreSQL under READ COMMITTED
/// fails each of them within a few rounds unless the store takes the digest's lock (<see cref="SqlDatabase.LockAsync"/>).</summary>
public abstract partial class MetadataStoreContract
{
    private const int Rounds = 150;

    // Every link is "old" to the sweep, so it races the operation from the first round, not a day later.
    private static DateTimeOffset EveryLink => DateTimeOffset.UtcNow.AddMinutes(1);

    [Fact]
    public async Task Race_a_deletion_and_an_upload_completing_under_the_same_digest_never_both_go_ahead()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var digest = NewDigest();
            var session = new UploadSession(Guid.NewGuid().ToString("N"), "r", DateTimeOffset.UtcNow);
            await store.CreateUploadAsync(session, Ct);

            var (deleting, completing) = await AtOnceAsync(
                () => store.BeginBlobDeletionAsync(digest, Ct),
                () => store.MarkUploadCompletingAsync(session.Id, digest, Ct));

            // Both true: the collector deletes the bytes the upload is about to link.
            Assert.False(deleting && completing, $"round {round}: the blob is being deleted while an upload completes under it");
            Assert.True(deleting || completing, $"round {round}: neither went ahead");
            await store.EndBlobDeletionAsync(digest, Ct);
        }
    }

    [Fact]
    public async Task Race_a_manifest_put_and_the_link_sweep_never_leave_a_manifest_naming_an_unlinked_blob()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var blob = NewDigest();
            await store.LinkBlobAsync("r", blob, 1, Ct);
            var manifest = Manifest($"put-{round}-{blob}", blob);

            var (missing, _) = await AtOnceAsync(
                () => store.PutManifestAsync("r", manifest, null, null, Ct),
                () => store.DeleteUnreferencedBlobLinksAsync(EveryLink, Ct));

            if (missing.Count == 0)
            {
                Assert.True(await store.FindBlobLinkAsync("r", blob, Ct) is not null, $"round {round}: the stored manifest names a blob the repository no longer links");
            }
            else
            {
                Assert.Equal([blob], missing); // the sweep went first: the put fails cleanly and the client pushes the blob again
            }
        }
    }

    [Fact]
    public async Task Race_a_mount_and_a_collection_never_delete_a_blob_a_repository_links()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var blob = NewDigest();
            await store.LinkBlobAsync("source", blob, 1, Ct);

            var (mounted, deleting) = await AtOnceAsync(
                () => store.MountBlobAsync("source", "target", blob, Ct),
                async () =>
                {
                    await store.DeleteUnreferencedBlobLinksAsync(EveryLink, Ct);
                    return await store.BeginBlobDeletionAsync(blob, Ct);
                });

            if (deleting)
            {
                Assert.True(await store.FindBlobLinkAsync("target", blob, Ct) is null, $"round {round}: the collector deletes a blob the mount just linked (mounted: {mounted})");
                await store.EndBlobDeletionAsync(blob, Ct);
            }
        }
    }

    [Fact]
    public async Task Race_a_tag_moved_to_a_manifest_being_deleted_either_lands_with_it_or_not_at_all()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var manifest = Manifest($"tagged-{round}-{NewDigest()}");
            Assert.Empty(await store.PutManifestAsync("r", manifest, null, null, Ct));

            // Without the manifest's lock the put, finding the manifest there, skips storing it, the delete commits,
            // and the tag then points at nothing: a foreign-key failure, a 500 for the client.
            var (missing, _) = await AtOnceAsync(
                () => store.PutManifestAsync("r", manifest, "latest", null, Ct),
                () => store.DeleteManifestAsync("r", manifest.Digest, null, Ct));

            Assert.Empty(missing);
            if (await store.FindTagAsync("r", "latest", Ct) == manifest.Digest)
            {
                Assert.Equal(manifest.Content, (await store.FindTaggedManifestAsync("r", "latest", Ct))?.Content);
            }
        }
    }

    private static Digest NewDigest() => Digest.Compute(Guid.NewGuid().ToByteArray());

    /// <summary>Runs both on pool threads released together, so their statements interleave.</summary>
    private static async Task<(T1 First, T2 Second)> AtOnceAsync<T1, T2>(Func<Task<T1>> first, Func<Task<T2>> second)
    {
        using var start = new Barrier(2);
        var a = Task.Run(() => { start.SignalAndWait(Ct); return first(); }, Ct);
        var b = Task.Run(() => { start.SignalAndWait(Ct); return second(); }, Ct);
        return (await a, await b);
    }
}
