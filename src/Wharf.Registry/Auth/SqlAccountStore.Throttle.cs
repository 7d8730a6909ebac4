using Dapper;
using FailureRow = (string Key, long Failures, long WindowStartedAt, long Lockouts, long? BlockedUntil, long Version);

namespace Wharf.Registry.Auth;

/// <summary>The login throttle's counters: the half of <see cref="SqlAccountStore"/> that several nodes share so an
/// attacker cannot spread guesses over them. The arithmetic is <see cref="LoginThrottle"/>'s.</summary>
public sealed partial class SqlAccountStore
{
    // Each retry means another node counted a failure for the same key in between. On SQLite the transaction
    // (BEGIN IMMEDIATE) serialises attempts so the first always succeeds. On PostgreSQL (READ COMMITTED) the version
    // check does: a second UPDATE … WHERE version = @seen waits for the first to commit, re-checks the new row, misses
    // and retries; a second INSERT waits likewise and does nothing. No lock needed (decision 008).
    private const int MaxSwapAttempts = 64;

    public async Task<IReadOnlyDictionary<string, LoginFailures>> FindLoginFailuresAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, LoginFailures>();
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<FailureRow>(
            $"SELECT key, failures, window_started_at, lockouts, blocked_until, version FROM login_failures WHERE key {database.InList("@keys")}",
            new { keys = keys.Distinct().ToList() });
        return rows.ToDictionary(r => r.Key, ToLoginFailures, StringComparer.Ordinal);
    }

    public async Task<LoginFailures> UpdateLoginFailuresAsync(string key, Func<LoginFailures?, LoginFailures> update, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        for (var attempt = 0; attempt < MaxSwapAttempts; attempt++)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var row = await c.QuerySingleOrDefaultAsync<FailureRow?>(
                "SELECT key, failures, window_started_at, lockouts, blocked_until, version FROM login_failures WHERE key = @key", new { key }, tx);
            var state = update(row is { } r ? ToLoginFailures(r) : null);
            var values = new
            {
                key, failures = state.Failures, window = AuthColumns.Time(state.WindowStartedAt), lockouts = state.Lockouts,
                blocked = AuthColumns.Time(state.BlockedUntil), version = row?.Version ?? 0, now = Now(),
            };
            var swapped = row is null
                ? await c.ExecuteAsync(
                    """
                    INSERT INTO login_failures (key, failures, window_started_at, lockouts, blocked_until, version, updated_at)
                    VALUES (@key, @failures, @window, @lockouts, @blocked, 1, @now) ON CONFLICT (key) DO NOTHING
                    """,
                    values, tx)
                : await c.ExecuteAsync(
                    """
                    UPDATE login_failures SET failures = @failures, window_started_at = @window, lockouts = @lockouts,
                        blocked_until = @blocked, version = version + 1, updated_at = @now
                    WHERE key = @key AND version = @version
                    """,
                    values, tx);
            if (swapped > 0)
            {
                await tx.CommitAsync(ct);
                return state;
            }
        }

        throw new InvalidOperationException($"the login throttle's row for one key changed {MaxSwapAttempts} times during one update");
    }

    public async Task ResetLoginFailuresAsync(string key, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM login_failures WHERE key = @key", new { key });
    }

    public async Task<int> PurgeLoginFailuresAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "DELETE FROM login_failures WHERE updated_at < @before AND (blocked_until IS NULL OR blocked_until < @before)",
            new { before = AuthColumns.Time(before) });
    }

    private static LoginFailures ToLoginFailures(FailureRow r) =>
        new((int)r.Failures, AuthColumns.Time(r.WindowStartedAt), (int)r.Lockouts, AuthColumns.Time(r.BlockedUntil));
}
