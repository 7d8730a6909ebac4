using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>The audit log and the login throttle's shared counters.</summary>
public abstract partial class AccountStoreContract
{
    [Fact]
    public async Task The_audit_log_is_read_newest_first_filtered_and_paged()
    {
        var store = await CreateStoreAsync();
        var start = Time.GetUtcNow();
        var appended = new List<AuditEvent>();
        foreach (var (actor, action, target) in new[]
                 { ("alice", "login", "alice/app"), ("bob", "push", "bob/web"), ("alice", "push", "alice/app"), ("alice", "delete", "alice/app"), ("bob", "login", "alice/app") })
        {
            appended.Add(await store.AppendAuditAsync(actor, action, target, "detail", "192.0.2.1", Ct));
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(new AuditEvent(appended[0].Id, start, "alice", "login", "alice/app", "detail", "192.0.2.1"), appended[0]);
        Assert.Equal(Enumerable.Reverse(appended), await store.ListAuditAsync(new AuditQuery(), Ct));
        Assert.Equal([appended[3], appended[2], appended[0]], await store.ListAuditAsync(new AuditQuery(Actor: "alice"), Ct));
        Assert.Equal([appended[2], appended[1]], await store.ListAuditAsync(new AuditQuery(Action: "push"), Ct));
        Assert.Equal([appended[2]], await store.ListAuditAsync(new AuditQuery(Actor: "alice", Action: "push"), Ct));
        Assert.Equal([appended[1]], await store.ListAuditAsync(new AuditQuery(Target: "bob/web"), Ct));
        Assert.Equal([appended[4], appended[0]], await store.ListAuditAsync(new AuditQuery(Action: "login", Target: "alice/app"), Ct));
        Assert.Equal(
            [appended[3], appended[2], appended[1]],
            await store.ListAuditAsync(new AuditQuery(From: start.AddMinutes(1), To: start.AddMinutes(4)), Ct));

        var page1 = await store.ListAuditAsync(new AuditQuery(Limit: 2), Ct);
        var page2 = await store.ListAuditAsync(new AuditQuery(Before: page1[^1].Id, Limit: 2), Ct);
        var page3 = await store.ListAuditAsync(new AuditQuery(Before: page2[^1].Id, Limit: 2), Ct);
        Assert.Equal(Enumerable.Reverse(appended), [.. page1, .. page2, .. page3]);
        Assert.Single(page3);
    }

    [Fact]
    public async Task A_batch_of_entries_is_appended_in_order_with_its_own_times()
    {
        var store = await CreateStoreAsync();
        var then = Time.GetUtcNow().AddMinutes(-3);
        await store.AppendAuditAsync(
            [new AuditEntry(then, "alice", "pull", "alice/app", "sha256:aa", "192.0.2.1"), new AuditEntry(then.AddSeconds(1), "", "pull", "pub/app", null, null)],
            Ct);
        await store.AppendAuditAsync([], Ct);

        var events = await store.ListAuditAsync(new AuditQuery(), Ct);

        Assert.Equal(2, events.Count);
        Assert.Equal(new AuditEvent(events[1].Id, then, "alice", "pull", "alice/app", "sha256:aa", "192.0.2.1"), events[1]);
        Assert.Equal(("", "pub/app", then.AddSeconds(1)), (events[0].Actor, events[0].Target, events[0].At));
        Assert.True(events[0].Id > events[1].Id);
    }

    [Fact]
    public async Task Login_failures_are_counted_atomically_reset_and_purged()
    {
        var store = await CreateStoreAsync();
        var now = Time.GetUtcNow();
        static LoginFailures Increment(LoginFailures? s, DateTimeOffset at) => new((s?.Failures ?? 0) + 1, at, 0, null);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.UpdateLoginFailuresAsync("account:alice", s => Increment(s, now), Ct), Ct)));
        await store.UpdateLoginFailuresAsync("address:192.0.2.1", s => new LoginFailures(0, now, 2, now.AddMinutes(2)), Ct);

        var found = await store.FindLoginFailuresAsync(["account:alice", "address:192.0.2.1", "account:bob"], Ct);
        Assert.Equal(new LoginFailures(20, now, 0, null), found["account:alice"]);
        Assert.Equal(new LoginFailures(0, now, 2, now.AddMinutes(2)), found["address:192.0.2.1"]);
        Assert.Equal(2, found.Count);

        await store.ResetLoginFailuresAsync("account:alice", Ct);
        await store.ResetLoginFailuresAsync("account:alice", Ct);
        Assert.Single(await store.FindLoginFailuresAsync(["account:alice", "address:192.0.2.1"], Ct));

        // A row is purged only once it is idle and its block is over.
        Assert.Equal(0, await store.PurgeLoginFailuresAsync(now.AddMinutes(1), Ct));
        Assert.Equal(1, await store.PurgeLoginFailuresAsync(now.AddMinutes(3), Ct));
        Assert.Empty(await store.FindLoginFailuresAsync(["address:192.0.2.1"], Ct));
    }
}
