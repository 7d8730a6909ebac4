using System.Collections.Concurrent;
using Wharf.Registry.Notifications;

namespace Wharf.Registry.Tests.Notifications;

/// <summary>The delivery queue: claims batch a webhook's events under a lease, a retry is the same POST, a node that
/// outlived its lease records nothing, attempts run out, redelivery, the log's bound, and nodes claiming at once.</summary>
public abstract partial class OutboxContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_claim_batches_a_webhooks_events_and_its_retry_is_the_same_post()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync(null, "team", WebhookActions.Push);
        await registry.PushAsync("team/a", "1");
        await registry.PushAsync("team/b", "1");
        await registry.PushAsync("team/c", "1");

        var first = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;
        Assert.Equal(3, first.Events.Count);
        Assert.Equal(1, first.Attempt);
        Assert.Null(await registry.Store.ClaimAsync(Lease, 10, Ct)); // held by the lease
        await registry.Store.RecordAsync(first, Failed(503), Time.GetUtcNow() + TimeSpan.FromSeconds(10), maxAttempts: 5, keep: 100, Ct);
        Assert.Null(await registry.Store.ClaimAsync(Lease, 10, Ct)); // not due yet
        Time.Advance(TimeSpan.FromSeconds(10));
        var retry = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;
        Assert.Equal(first.BatchId, retry.BatchId);
        Assert.Equal(first.Events.Select(e => e.EventId), retry.Events.Select(e => e.EventId));
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(3, await registry.Store.RecordAsync(retry, Delivered(), Time.GetUtcNow(), maxAttempts: 5, keep: 100, Ct));

        var log = await registry.DeliveriesAsync(webhook);
        Assert.All(log, d => Assert.Equal((DeliveryState.Delivered, 2, 200, first.BatchId, (string?)null), (d.State, d.Attempts, d.StatusCode, d.BatchId, d.Error)));
        Assert.Null(await registry.Store.ClaimAsync(Lease, 10, Ct));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_maximum_and_a_build_goes_alone()
    {
        var registry = await CreateAsync();
        await registry.WebhookAsync("team/app", null, WebhookActions.Push | WebhookActions.Build);
        for (var i = 0; i < 5; i++)
        {
            await registry.PushAsync("team/app", $"t{i}", $"v{i}");
        }

        var build = await registry.Builds.EnqueueAsync(new() { Repository = "team/app", Tags = ["1"], RequestedBy = "", ContextDigest = Wharf.Oci.Digest.Compute([1]) }, Ct);
        await registry.Builds.RequestCancelAsync(build.Id, Ct);

        var sizes = new List<(int Count, bool IsBuild)>();
        while (await registry.Store.ClaimAsync(Lease, 2, Ct) is { } batch)
        {
            sizes.Add((batch.Events.Count, batch.IsBuild));
        }

        Assert.Equal([(2, false), (2, false), (1, false), (1, true)], sizes);
    }

    [Fact]
    public async Task A_node_whose_lease_ran_out_records_nothing_and_another_sends_the_batch()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync("team/app", null, WebhookActions.Push);
        await registry.PushAsync("team/app", "1");
        var stale = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;

        Assert.Equal(stale.BatchId, taken.BatchId);
        Assert.Equal(0, await registry.Store.RecordAsync(stale, Delivered(), Time.GetUtcNow(), 5, 100, Ct));
        Assert.Equal(1, await registry.Store.RecordAsync(taken, Delivered(), Time.GetUtcNow(), 5, 100, Ct));
        Assert.Equal(2, Assert.Single(await registry.DeliveriesAsync(webhook)).Attempts);
    }

    [Fact]
    public async Task A_delivery_fails_for_good_after_its_attempts_and_a_redelivery_sends_the_same_event_again()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync("team/app", null, WebhookActions.Push);
        await registry.PushAsync("team/app", "1");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var batch = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;
            await registry.Store.RecordAsync(batch, Failed(500), Time.GetUtcNow(), maxAttempts: 3, keep: 100, Ct);
        }

        var failed = Assert.Single(await registry.DeliveriesAsync(webhook));
        Assert.Equal((DeliveryState.Failed, 3, 500), (failed.State, failed.Attempts, failed.StatusCode));
        Assert.Null(await registry.Store.ClaimAsync(Lease, 10, Ct));

        var redelivery = (await registry.Store.RedeliverAsync(webhook.Id, failed.Id, Ct))!;
        var again = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;

        Assert.Equal((failed.Id, failed.EventId, DeliveryState.Pending), (redelivery.RedeliveryOf, redelivery.EventId, redelivery.State));
        Assert.Equal(failed.EventId, Assert.Single(again.Events).EventId);
        Assert.NotEqual(failed.BatchId, again.BatchId);
        Assert.Null(await registry.Store.RedeliverAsync(webhook.Id + 1, failed.Id, Ct));
    }

    [Fact]
    public async Task The_log_keeps_the_newest_finished_deliveries_and_the_events_they_name()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync("team/app", null, WebhookActions.Push);
        for (var i = 0; i < 5; i++)
        {
            await registry.PushAsync("team/app", $"t{i}", $"v{i}");
            var batch = (await registry.Store.ClaimAsync(Lease, 10, Ct))!;
            await registry.Store.RecordAsync(batch, Delivered(), Time.GetUtcNow(), 5, keep: 2, Ct);
        }

        await registry.PushAsync("team/app", "pending", "p");
        Assert.Equal(3, await registry.Store.DeleteUnreferencedEventsAsync(Ct));

        var log = await registry.DeliveriesAsync(webhook);
        Assert.Equal([DeliveryState.Pending, DeliveryState.Delivered, DeliveryState.Delivered], log.Select(d => d.State));
        Assert.Equal(3, await registry.CountAsync("webhook_events"));
    }

    [Fact]
    public async Task Disabling_a_webhook_fails_its_pending_deliveries_and_deleting_it_removes_them()
    {
        var registry = await CreateAsync();
        var webhook = await registry.WebhookAsync("team/app", null, WebhookActions.Push);
        await registry.PushAsync("team/app", "1");

        await registry.Webhooks.UpdateAsync(webhook.Id, new WebhookChange(null, null, null, Enabled: false), Ct);
        await registry.PushAsync("team/app", "2", "two");

        var failed = Assert.Single(await registry.DeliveriesAsync(webhook));
        Assert.Equal((DeliveryState.Failed, "the webhook was disabled"), (failed.State, failed.Error));
        Assert.Null(await registry.Store.ClaimAsync(Lease, 10, Ct));
        Assert.True(await registry.Store.DeleteAsync(webhook.Id, Ct));
        Assert.Equal(0, await registry.CountAsync("webhook_deliveries"));
        Assert.Equal(0, await registry.CountAsync("webhook_events"));
    }

    [Fact]
    public async Task Nodes_claiming_at_once_never_take_the_same_delivery()
    {
        var registry = await CreateAsync();
        var two = new SqlWebhookStore(OpenAgain(), Time);
        for (var w = 0; w < 4; w++)
        {
            await registry.WebhookAsync(null, "team", WebhookActions.Push);
        }

        for (var i = 0; i < 10; i++)
        {
            await registry.PushAsync($"team/app{i}", "1");
        }

        var claimed = new ConcurrentBag<long>();
        using var start = new ManualResetEventSlim();
        var nodes = Enumerable.Range(0, 8).Select(n => Task.Run(
            async () =>
            {
                var store = n % 2 == 0 ? registry.Store : two;
                start.Wait(Ct);
                while (await store.ClaimAsync(Lease, 3, Ct) is { } batch)
                {
                    foreach (var e in batch.Events)
                    {
                        claimed.Add(e.DeliveryId);
                    }
                }
            },
            Ct)).ToList();
        start.Set();
        await Task.WhenAll(nodes);

        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
    }

    private DeliveryAttempt Delivered() => new(true, 200, null, TimeSpan.FromMilliseconds(12), Time.GetUtcNow());

    private DeliveryAttempt Failed(int status) => new(false, status, $"the receiver answered {status}", TimeSpan.FromMilliseconds(5), Time.GetUtcNow());
}
