using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>How the background audit writer folds a busy client's identical entries into one row with a count.</summary>
public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Identical_entries_become_one_with_their_count_and_the_first_time_in_first_seen_order()
    {
        AuditEntry Pull(int second, string actor = "alice", string detail = "1 sha256:aa", string address = "192.0.2.1") =>
            new(T0.AddSeconds(second), actor, AuditActions.Pull, "alice/app", detail, address);

        var merged = AuditTrail.Merge(
        [
            Pull(0), Pull(1, actor: "bob"), Pull(2), Pull(3, detail: "2 sha256:bb"), Pull(4), Pull(5, address: "192.0.2.2"),
            new AuditEntry(T0.AddSeconds(6), "alice", AuditActions.Push, "alice/app", "1 sha256:aa", "192.0.2.1"),
        ]);

        Assert.Equal(
            [
                (T0, "alice", "pull", "1 sha256:aa (×3)", "192.0.2.1"),
                (T0.AddSeconds(1), "bob", "pull", "1 sha256:aa", "192.0.2.1"),
                (T0.AddSeconds(3), "alice", "pull", "2 sha256:bb", "192.0.2.1"),
                (T0.AddSeconds(5), "alice", "pull", "1 sha256:aa", "192.0.2.2"),
                (T0.AddSeconds(6), "alice", "push", "1 sha256:aa", "192.0.2.1"),
            ],
            merged.Select(e => (e.At, e.Actor, e.Action, e.Detail, e.ClientAddress)));
        Assert.Empty(AuditTrail.Merge([]));
    }
}
