using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Metadata;
using Wharf.Registry.Notifications;

namespace Wharf.Registry.Tests.Notifications;

/// <summary>What the webhooks' outbox must do on every database (decision 022): an event is written in the transaction of
/// the change it reports, fanned out to exactly the webhooks that want it, and nothing is written when none does. This
/// file: what gets into the outbox; <c>OutboxContract.Queue.cs</c>: claiming, retrying, the log.</summary>
public abstract partial class OutboxContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, migrated database.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    /// <summary>Another handle on the database <see cref="CreateDatabaseAsync"/> made last, as another node has.</summary>
    protected abstract SqlDatabase OpenAgain();

    [Fact]
    public async Task Without_a_webhook_a_push_writes_nothing_to_the_outbox()
    {
        var registry = await CreateAsync();

        await registry.PushAsync("team/app", "1");

        Assert.Equal(0, await registry.CountAsync("webhook_events"));
        Assert.Equal(0, await registry.CountAsync("webhook_deliveries"));
    }

    [Fact]
    public async Task A_push_reaches_exactly_the_enabled_webhooks_of_its_repository_or_namespace_that_want_pushes()
    {
        var registry = await CreateAsync();
        var repository = await registry.WebhookAsync("team/app", null, WebhookActions.Push);
        var space = await registry.WebhookAsync(null, "team", WebhookActions.Push | WebhookActions.Delete);
        var other = await registry.WebhookAsync("team/other", null, WebhookActions.Push);
        var otherSpace = await registry.WebhookAsync(null, "teamx", WebhookActions.Push);
        var pullsOnly = await registry.WebhookAsync("team/app", null, WebhookActions.Pull | WebhookActions.Build);
        var disabled = await registry.WebhookAsync("team/app", null, WebhookActions.Push, enabled: false);

        var pushed = await registry.PushAsync("team/app", "1");

        var toRepository = Assert.Single(await registry.DeliveriesAsync(repository));
        var toSpace = Assert.Single(await registry.DeliveriesAsync(space));
        Assert.Equal(toRepository.EventId, toSpace.EventId);
        Assert.Equal(("push", "team/app", DeliveryState.Pending, 0), (toRepository.Action, toRepository.Repository, toRepository.State, toRepository.Attempts));
        foreach (var none in new[] { other, otherSpace, pullsOnly, disabled })
        {
            Assert.Empty(await registry.DeliveriesAsync(none));
        }

        Assert.Equal(1, await registry.CountAsync("webhook_events"));
        Assert.NotNull(pushed);
    }

    [Fact]
    public async Task The_push_event_is_an_entry_of_Distributions_envelope()
    {
        var registry = await CreateAsync();
        await registry.WebhookAsync("team/app", null, WebhookActions.Push);

        var pushed = await registry.PushAsync("team/app", "v1");

        var batch = (await registry.Store.ClaimAsync(TimeSpan.FromMinutes(1), 10, Ct))!;
        var e = JsonNode.Parse(Assert.Single(batch.Events).Payload)!;
        Assert.Equal(batch.Events[0].EventId, e["id"]!.GetValue<string>());
        Assert.Equal("push", e["action"]!.GetValue<string>());
        Assert.Equal("2026-01-01T00:00:00Z", e["timestamp"]!.GetValue<string>());
        var target = e["target"]!;
        Assert.Equal(MediaTypes.OciManifest, target["mediaType"]!.GetValue<string>());
        Assert.Equal(pushed.Content.Length, target["size"]!.GetValue<long>());
        Assert.Equal(pushed.Content.Length, target["length"]!.GetValue<long>());
        Assert.Equal(pushed.Digest.ToString(), target["digest"]!.GetValue<string>());
        Assert.Equal("team/app", target["repository"]!.GetValue<string>());
        Assert.Equal("v1", target["tag"]!.GetValue<string>());
        Assert.Equal($"https://registry.test:5000/v2/team/app/manifests/{pushed.Digest}", target["url"]!.GetValue<string>());
        var request = e["request"]!;
        Assert.Equal(("req-1", "192.0.2.7", "registry.test:5000", "PUT", "docker/27"),
            (request["id"]!.GetValue<string>(), request["addr"]!.GetValue<string>(), request["host"]!.GetValue<string>(),
             request["method"]!.GetValue<string>(), request["useragent"]!.GetValue<string>()));
        Assert.Equal("alice", e["actor"]!["name"]!.GetValue<string>());
        Assert.Equal(NotificationSource.InstanceId, e["source"]!["instanceID"]!.GetValue<string>());
        Assert.False(batch.IsBuild);
    }

    [Fact]
    public async Task Deletes_of_a_tag_and_of_a_manifest_are_events_naming_only_what_was_deleted()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync("team/app", null, WebhookActions.Delete);
        var pushed = await registry.PushAsync("team/app", "1");
        await registry.PushAsync("team/app", "2", "other");

        await registry.Manifests.DeleteAsync(RepositoryName.Parse("team/app"), Reference.ForTag("2"), OutboxRegistry.Alice, Ct);
        await registry.Manifests.DeleteAsync(RepositoryName.Parse("team/app"), Reference.ForDigest(pushed.Digest), OutboxRegistry.Alice, Ct);

        var batch = (await registry.Store.ClaimAsync(TimeSpan.FromMinutes(1), 10, Ct))!;
        Assert.Equal(2, (await registry.DeliveriesAsync(webhook)).Count);
        var targets = batch.Events.Select(e => JsonNode.Parse(e.Payload)!["target"]!.ToJsonString()).ToList();
        Assert.Equal(
            ["""{"repository":"team/app","tag":"2"}""", $$"""{"digest":"{{pushed.Digest}}","repository":"team/app"}"""],
            targets);
    }

    [Fact]
    public async Task A_change_that_does_not_happen_writes_no_event()
    {
        var registry = await CreateAsync();
        await registry.WebhookAsync("team/app", null, WebhookActions.Push | WebhookActions.Delete);
        var missing = Digest.Compute("not pushed"u8.ToArray());
        var body = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{missing}}","size":10},"layers":[]}""");

        var put = await Assert.ThrowsAsync<RegistryException>(() =>
            registry.Manifests.PutAsync(RepositoryName.Parse("team/app"), Reference.ForTag("1"), body, MediaTypes.OciManifest, OutboxRegistry.Alice, Ct));
        var delete = await Assert.ThrowsAsync<RegistryException>(() =>
            registry.Manifests.DeleteAsync(RepositoryName.Parse("team/app"), Reference.ForTag("nope"), OutboxRegistry.Alice, Ct));

        Assert.Equal(OciErrorCode.ManifestBlobUnknown, put.Code);
        Assert.Equal(OciErrorCode.ManifestUnknown, delete.Code);
        Assert.Equal(0, await registry.CountAsync("webhook_events"));
    }

    [Fact]
    public async Task A_build_that_ends_is_an_event_in_the_transaction_of_its_ending()
    {
        var registry = await CreateAsync();
        await registry.WebhookAsync("team/app", null, WebhookActions.Build);
        var digest = Digest.Compute("built"u8.ToArray());
        var succeeded = await registry.Builds.EnqueueAsync(BuildOf("team/app"), Ct);
        await registry.Builds.ClaimAsync("w1", TimeSpan.FromMinutes(1), Ct);
        Assert.Equal(0, await registry.CountAsync("webhook_events")); // queued and running are no events
        await registry.Builds.SucceedAsync(succeeded.Id, "w1", digest, Ct);
        var cancelled = await registry.Builds.EnqueueAsync(BuildOf("team/app"), Ct);
        await registry.Builds.RequestCancelAsync(cancelled.Id, Ct);

        var first = (await registry.Store.ClaimAsync(TimeSpan.FromMinutes(1), 10, Ct))!;
        var second = (await registry.Store.ClaimAsync(TimeSpan.FromMinutes(1), 10, Ct))!;

        Assert.True(first.IsBuild && second.IsBuild);
        var build = JsonNode.Parse(Assert.Single(first.Events).Payload)!;
        Assert.Equal("build", build["action"]!.GetValue<string>());
        Assert.Equal(succeeded.Id, build["build"]!["id"]!.GetValue<long>());
        Assert.Equal("succeeded", build["build"]!["state"]!.GetValue<string>());
        Assert.Equal(digest.ToString(), build["build"]!["digest"]!.GetValue<string>());
        Assert.Equal("""["1","latest"]""", build["build"]!["tags"]!.ToJsonString());
        Assert.Equal("cancelled", JsonNode.Parse(Assert.Single(second.Events).Payload)!["build"]!["state"]!.GetValue<string>());
    }

    private async Task<OutboxRegistry> CreateAsync() => new(await CreateDatabaseAsync(), Time);

    private static Wharf.Registry.Builds.BuildSpec BuildOf(string repository) => new()
    {
        Repository = repository,
        Tags = ["1", "latest"],
        RequestedBy = "alice",
        ContextDigest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(repository)),
    };
}
