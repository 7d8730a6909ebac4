using System.Security.Cryptography;
using System.Text;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.Inspection;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;
using Wharf.Registry.Notifications;
using Wharf.Registry.Overview;
using Wharf.Registry.Secrets;
using Wharf.Registry.Statistics;
using Wharf.Registry.Triggers;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Tests.Migrate;

/// <summary>A registry with some of everything <c>wharf migrate</c> carries, written through the real stores: blobs,
/// manifests with tags, an index, a referrer, users, an organisation with a team and a robot, grants, a public
/// repository, a personal access token, audit events, a description and pull statistics, a signing key, ids with gaps (a deleted account and repository);
/// webhooks and build triggers (one of each deleted) with the base image a trigger's build read; and, not to be carried, an
/// upload in progress, a garbage collection's record, a login failure, a webhook's event with its delivery, and a trigger's build and the rebuild its base
/// image's move owes it.</summary>
internal static class StoreWrittenRegistry
{
    public static async Task WriteAsync(MigrationEnd end, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var metadata = new SqlMetadataStore(end.Database, time);
        var accounts = new SqlAccountStore(end.Database, time);
        await metadata.MigrateAsync(ct);

        var layer = await PutBlobAsync(end.Blobs, RandomNumberGenerator.GetBytes(3000), ct);
        var config = await PutBlobAsync(end.Blobs, "{}"u8.ToArray(), ct);
        await PutBlobAsync(end.Blobs, RandomNumberGenerator.GetBytes(10), ct); // linked nowhere: garbage, copied all the same
        await metadata.LinkBlobAsync("gone/soon", layer, 3000, ct);
        foreach (var repository in new[] { "acme/app", "alice/tool" })
        {
            await metadata.LinkBlobAsync(repository, layer, 3000, ct);
            await metadata.LinkBlobAsync(repository, config, 2, ct);
            var image = Manifest(repository, [config, layer], [], null);
            var index = Manifest(repository + " index", [], [image.Digest], null);
            var signature = Manifest(repository + " signature", [config], [], image.Digest);
            await metadata.PutManifestAsync(repository, image, "v1", null, ct);
            await metadata.PutManifestAsync(repository, index, "latest", null, ct);
            await metadata.PutManifestAsync(repository, signature, null, null, ct);
        }

        await metadata.UnlinkBlobAsync("gone/soon", layer, ct);
        // What the UI shows (migration 016): a description and pull statistics.
        Assert.True(await new SqlOverviewStore(end.Database, time).SetDescriptionAsync("acme/app", "# App\n\nThe **app**.", "alice", ct));
        var appImage = await metadata.FindTagAsync("acme/app", "v1", ct);
        await new SqlPullStatisticsStore(end.Database).AddAsync([new PullCount("acme/app", appImage!.Value.ToString(), 3, 3, time.GetUtcNow())], ct);
        await new SqlBlobSizeStore(end.Database, time).RecordAsync(layer, 3000, ct); // what LayerSizeMeasurer found
        await new SqlGarbageCollectionLog(end.Database).RecordAsync(new GarbageCollectionRun(time.GetUtcNow(), time.GetUtcNow(), "completed", 1, 1, 10), ct);
        await metadata.CreateUploadAsync(new UploadSession(UploadId.New(), "acme/app", time.GetUtcNow()), ct);

        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("deleted", "password-0", ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("alice", "password-1", ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateUserAsync("bob", "password-2", ct));
        Assert.True(await accounts.DeleteAccountAsync("deleted", ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateOrganisationAsync("acme", "alice", ct));
        Assert.Equal(AccountChange.Done, await accounts.CreateTeamAsync("acme", "devs", OrganisationRole.Member, ct));
        Assert.Equal(AccountChange.Done, await accounts.AddTeamMemberAsync("acme", "devs", "bob", ct));
        Assert.True((await accounts.CreateRobotAsync("acme", "ci", ct)).IsDone);
        Assert.Equal(AccountChange.Done, await accounts.GrantAsync("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write, ct));
        Assert.Equal(AccountChange.Done, await accounts.GrantAsync("alice/tool", Grantee.Team("acme", "devs"), RepositoryAccess.Read, ct));
        Assert.Equal(AccountChange.Done, await accounts.SetPublicAsync("alice/tool", true, ct));
        Assert.True((await accounts.CreateAccessTokenAsync("alice", AccessTokenKind.PersonalAccessToken, "laptop", TokenScope.ReadWrite, null, ct)).IsDone);
        await accounts.AppendAuditAsync("alice", "login", "alice", null, "192.0.2.1", ct);
        await accounts.AppendAuditAsync("alice", "push", "acme/app:v1", "{\"n\":1}", "192.0.2.1", ct);
        await accounts.UpdateLoginFailuresAsync("account:bob", _ => new LoginFailures(1, time.GetUtcNow(), 0, null), ct);
        await new SqlDataProtectionKeyStore(end.Database, time).AddAsync("key-1", "<key id=\"1\" />", ct);
        Assert.True(await new SqlSigningKeyStore(end.Database).TryAddAsync(new StoredSigningKey(1, "kid-1", "-----BEGIN PRIVATE KEY-----", time.GetUtcNow()), ct));

        var webhooks = new SqlWebhookStore(end.Database, time);
        var gone = await webhooks.CreateAsync(Webhook(null, "alice"), "v1:Z29uZQ==", "v1:e30=", "alice", ct);
        await webhooks.CreateAsync(Webhook("acme/app", null), "v1:AAAA", "v1:BBBB", "alice", ct);
        Assert.True(await webhooks.DeleteAsync(gone.Id, ct));
        // Build triggers (one deleted, so ids have a gap); their secrets sealed, as the target will need the same key.
        var triggers = new SqlTriggerStore(end.Database, time);
        var box = new SecretBox(new byte[SecretBox.KeySize]);
        var source = RuleSource.Parse("/^v(.*)$/");
        var rules = new[] { new BuildRule(RefKind.Tag, source, TagTemplate.Parse("{\\1}", source)) };
        var dropped = await triggers.CreateAsync(new NewTrigger("acme/app", "https://git.example/old.git", rules, "s1", null, 5, null, null, "alice"), box, ct);
        var kept = await triggers.CreateAsync(new NewTrigger("acme/app", "https://git.example/app.git", rules, "s2", null, 3, TimeSpan.FromMinutes(5), "registry.example", "alice"), box, ct);
        Assert.True(await triggers.DeleteAsync(dropped.Id, ct));
        // What its build read (carried), and a rebuild owed when that tag moves (left behind, as the build queue is).
        var builds = new SqlBuildStore(end.Database, time);
        var build = await builds.EnqueueAsync(new BuildSpec
        {
            Repository = "acme/app", Tags = ["2.0"], RequestedBy = "alice", Git = new GitContext(kept.GitUrl, "refs/tags/v2.0", null),
            TriggerId = kept.Id, SourceRef = "refs/tags/v2.0", Reason = BuildReasons.Webhook,
        }, ct);
        Assert.Equal(build.Id, (await builds.ClaimAsync("w1", TimeSpan.FromMinutes(1), ct))!.Build.Id);
        var toolV1 = (await metadata.FindTagAsync("alice/tool", "v1", ct))!.Value;
        Assert.True(await builds.SucceedAsync(build.Id, "w1", toolV1, [new BaseImageRead("alice/tool", "v1", toolV1)], ct));
        await metadata.PutManifestAsync("alice/tool", Manifest("alice/tool v1 again", [config, layer], [], null), "v1", null, ct);
        // An event for it, which stays behind with its delivery (the source's to deliver).
        var pushed = Manifest("acme/app notified", [config], [], null);
        await metadata.PutManifestAsync("acme/app", pushed, "v2", new OutboxEvent("e-1", "push", "acme/app", "{}", time.GetUtcNow()), ct);
    }

    private static WebhookSpec Webhook(string? repository, string? space) =>
        new(repository, space, "https://hooks.example/wharf", WebhookActions.Push | WebhookActions.Build, new Dictionary<string, string>(), true);

    private static async Task<Digest> PutBlobAsync(IBlobStore blobs, byte[] bytes, CancellationToken ct)
    {
        var digest = Digest.Compute(bytes);
        var upload = UploadId.New();
        var part = await blobs.WritePartAsync(upload, new MemoryStream(bytes), ct);
        await blobs.CommitPartsAsync(upload, [part], digest, ct);
        await blobs.DeleteUploadAsync(upload, ct);
        return digest;
    }

    private static StoredManifest Manifest(string seed, Digest[] blobs, Digest[] children, Digest? subject)
    {
        var content = Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"seed\":\"{seed}\"}}");
        return new StoredManifest(
            Digest.Compute(content), children.Length > 0 ? MediaTypes.OciIndex : MediaTypes.OciManifest, content,
            subject is null ? null : "application/example.signature", subject, subject is null ? null : "{\"k\":\"v\"}", blobs, children,
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    }
}
