using System.Security.Cryptography;
using System.Text;
using Dapper;
using Wharf.Oci;
using Wharf.Registry.Builds;
using Wharf.Registry.Metadata;
using Wharf.Registry.Secrets;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Builds;

/// <summary>A build's secrets and ssh key files: queued sealed with it in one transaction, read only by the worker that
/// holds it, and deleted by whatever ends it — a worker's outcome, a cancel, a release that cancels, recovery giving
/// up — while a build that goes back to the queue keeps them; history pruning leaves none; a retry cannot queue a build
/// that had secrets without them.</summary>
public abstract partial class BuildStoreContract
{
    private readonly SecretBox _box = new(RandomNumberGenerator.GetBytes(SecretBox.KeySize));

    [Fact]
    public async Task Secrets_are_queued_sealed_with_the_build_and_read_only_by_the_worker_that_holds_it()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var binary = new byte[] { 0, 0xff, 0xfe, (byte)'\n', 0x80 };
        var secrets = new BuildSecrets(
            new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("s3cr3t-token-value"), ["blob"] = binary },
            new Dictionary<string, IReadOnlyList<byte[]>> { ["deploy"] = [Encoding.UTF8.GetBytes("key-one-text"), Encoding.UTF8.GetBytes("key-two-text")] });

        var queued = await store.EnqueueAsync(Spec("team/app"), secrets.Seal(_box), Ct);

        Assert.Equal(["blob", "token"], queued.Spec.SecretIds);
        Assert.Equal(["deploy"], queued.Spec.SshIds);
        Assert.Equal("secrets [blob, token], ssh [deploy]", secrets.ToString());
        Assert.Empty(await store.FindSecretsAsync(queued.Id, "w1", Ct)); // not claimed yet
        var everything = await DumpAsync(database, queued.Id);
        Assert.DoesNotContain("s3cr3t-token-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("key-one-text", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("s3cr3t-token-value")), everything, StringComparison.Ordinal);

        await store.ClaimAsync("w1", Lease, Ct);
        Assert.Empty(await store.FindSecretsAsync(queued.Id, "w2", Ct));
        var rows = await store.FindSecretsAsync(queued.Id, "w1", Ct);
        Assert.DoesNotContain("s3cr3t", string.Join(" ", rows), StringComparison.Ordinal);
        var opened = BuildSecrets.Open(rows, _box);
        Assert.Equal("s3cr3t-token-value", Encoding.UTF8.GetString(opened.Values["token"]));
        Assert.Equal(binary, opened.Values["blob"]);
        Assert.Equal(["key-one-text", "key-two-text"], opened.SshKeys["deploy"].Select(k => Encoding.UTF8.GetString(k)));
        Assert.ThrowsAny<CryptographicException>(() => BuildSecrets.Open(rows, new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize))));
        // A sealed value opens only as what it was sealed for: another id's row cannot stand in for it.
        var swapped = rows.Select(r => r.Id == "token" ? r with { Id = "blob" } : r.Id == "blob" ? r with { Id = "token" } : r).ToList();
        Assert.ThrowsAny<CryptographicException>(() => BuildSecrets.Open(swapped, _box));
    }

    [Fact]
    public async Task Every_ending_of_a_build_deletes_its_secrets_and_a_return_to_the_queue_keeps_them()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var manifest = Digest.Compute([1]);

        var succeeded = await ClaimWithSecretsAsync(store, "w1");
        var failed = await ClaimWithSecretsAsync(store, "w1");
        var cancelled = await ClaimWithSecretsAsync(store, "w1");
        var skipped = await ClaimWithSecretsAsync(store, "w1");
        Assert.True(await store.SucceedAsync(succeeded, "w1", manifest, Ct));
        Assert.True(await store.FailAsync(failed, "w1", "Dockerfile:2: RUN exited with code 1", Ct));
        await store.RequestCancelAsync(cancelled, Ct);
        Assert.True(await store.CancelledAsync(cancelled, "w1", Ct));
        Assert.True(await store.SkippedAsync(skipped, "w1", "[skip build]", Ct));

        var queued = (await store.EnqueueAsync(Spec("team/queued"), Sealed(), Ct)).Id;
        Assert.Equal(CancelOutcome.Cancelled, await store.RequestCancelAsync(queued, Ct));

        var released = await ClaimWithSecretsAsync(store, "w1");
        Assert.True(await store.ReleaseAsync(released, "w1", Ct));
        Assert.Equal(3, await CountSecretsAsync(database, released)); // queued again: its next run needs them
        Assert.Equal(released, (await store.ClaimAsync("w2", Lease, Ct))!.Build.Id);
        await store.RequestCancelAsync(released, Ct);
        Assert.True(await store.ReleaseAsync(released, "w2", Ct)); // a stopping worker's cancelled build ends here

        foreach (var id in new[] { succeeded, failed, cancelled, skipped, queued, released })
        {
            Assert.True(BuildStates.IsFinal((await store.FindAsync(id, Ct))!.State));
            Assert.Equal(0, await CountSecretsAsync(database, id));
        }
    }

    [Fact]
    public async Task Recovery_keeps_the_secrets_of_a_build_it_queues_again_and_deletes_those_it_gives_up_or_cancels()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var dying = await ClaimWithSecretsAsync(store, "dead-1");
        var cancelling = await ClaimWithSecretsAsync(store, "dead-2");
        await store.RequestCancelAsync(cancelling, Ct);

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await store.RecoverExpiredAsync(2, Ct));

        Assert.Equal(BuildState.Queued, (await store.FindAsync(dying, Ct))!.State);
        Assert.Equal(3, await CountSecretsAsync(database, dying));
        Assert.Equal(BuildState.Cancelled, (await store.FindAsync(cancelling, Ct))!.State);
        Assert.Equal(0, await CountSecretsAsync(database, cancelling));

        var again = await store.ClaimAsync("dead-3", Lease, Ct);
        Assert.Equal(dying, again!.Build.Id);
        Assert.Equal(3, (await store.FindSecretsAsync(dying, "dead-3", Ct)).Count);
        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await store.RecoverExpiredAsync(2, Ct));

        Assert.Equal(BuildState.Failed, (await store.FindAsync(dying, Ct))!.State);
        Assert.Equal(0, await CountSecretsAsync(database, dying));
    }

    [Fact]
    public async Task Pruned_history_leaves_no_secrets_and_a_build_that_had_some_is_not_queued_again_without_them()
    {
        var database = await CreateDatabaseAsync();
        var store = new SqlBuildStore(database, Time);
        var blobs = new InMemoryBlobStore(Time);
        var spec = Spec("team/app") with { ContextDigest = await PutAsync(blobs, "context with secrets") };
        var ended = (await store.EnqueueAsync(spec, Sealed(), Ct)).Id;
        await store.RequestCancelAsync(ended, Ct);
        var build = (await store.FindAsync(ended, Ct))!;

        await Assert.ThrowsAsync<ArgumentException>(() => store.RetryAsync(build, "bob", blobs, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(build.Spec, Ct));
        Assert.Single(await store.ListAsync("team/app", null, 10, Ct));

        // Rows an ending missed (none should) would go with their build's row.
        var running = await ClaimWithSecretsAsync(store, "w1");
        await using (var c = await database.OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE builds SET state = 'failed', finished_at = 0 WHERE id = @running", new { running });
        }

        Assert.Equal(3, await CountSecretsAsync(database, running));
        Assert.Equal(2, await store.DeleteFinishedBeforeAsync(Time.GetUtcNow() + TimeSpan.FromDays(1), Ct));
        Assert.Equal(0, await CountSecretsAsync(database, running));
    }

    private IReadOnlyList<SealedBuildSecret> Sealed() =>
        new BuildSecrets(
            new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("s3cr3t") },
            new Dictionary<string, IReadOnlyList<byte[]>> { ["default"] = [Encoding.UTF8.GetBytes("key-1"), Encoding.UTF8.GetBytes("key-2")] })
            .Seal(_box);

    private async Task<long> ClaimWithSecretsAsync(SqlBuildStore store, string worker)
    {
        var queued = await store.EnqueueAsync(Spec("team/app"), Sealed(), Ct);
        var claimed = await store.ClaimAsync(worker, Lease, Ct);
        Assert.Equal(queued.Id, claimed!.Build.Id);
        Assert.Equal(3, (await store.FindSecretsAsync(queued.Id, worker, Ct)).Count);
        return queued.Id;
    }

    private static async Task<long> CountSecretsAsync(SqlDatabase database, long id)
    {
        await using var c = await database.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM build_secrets WHERE build_id = @id", new { id });
    }

    /// <summary>Every column of the build's row and of its secrets' rows, as text.</summary>
    private static async Task<string> DumpAsync(SqlDatabase database, long id)
    {
        await using var c = await database.OpenAsync(Ct);
        var rows = (await c.QueryAsync("SELECT * FROM builds WHERE id = @id", new { id }))
            .Concat(await c.QueryAsync("SELECT * FROM build_secrets WHERE build_id = @id", new { id }));
        return string.Join("\n", rows.Select(r => string.Join(" ", ((IDictionary<string, object?>)r).Values)));
    }
}
