using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.GitPulls;

/// <summary>Images built on pull (decision 025) in the metadata database: the claim that makes one build per
/// (repository, commit) however many pulls ask at once on however many nodes — an INSERT only one caller wins, then
/// that caller names the build it queued — the callers' quotas, and the last pull of each image for its expiry.</summary>
public sealed class SqlGitPullStore(SqlDatabase database, TimeProvider time)
{
    /// <summary>A claim whose build was not named within this long was left by a node that died between claiming and
    /// queueing: the next caller takes it over.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(1);

    /// <summary>A pull moves <c>last_pulled_at</c> at most this often: pulls of a built image add no write each.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromHours(1);

    public async Task<GitPullClaim?> FindAsync(string repository, string commit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(
            "SELECT repository AS Repository, git_commit AS GitCommit, build_id AS BuildId, caller AS Caller, created_at AS CreatedAt, last_pulled_at AS LastPulledAt " +
            "FROM git_pull_builds WHERE repository = @repository AND git_commit = @commit",
            new { repository, commit });
        return row?.ToClaim();
    }

    /// <summary>Claims (repository, commit) for <paramref name="caller"/>: true when it is now theirs to build — it was
    /// unclaimed, or its claim was left unfinished longer than <see cref="ClaimTimeout"/>, or its build is
    /// <paramref name="replacing"/> (one that cannot give the image any more: cancelled, or failed long enough ago).</summary>
    public async Task<bool> ClaimAsync(string repository, string commit, string caller, long? replacing, CancellationToken ct)
    {
        var now = Now();
        await using var c = await database.OpenAsync(ct);
        if (await c.ExecuteAsync(
                "INSERT INTO git_pull_builds (repository, git_commit, build_id, caller, created_at, last_pulled_at) " +
                "VALUES (@repository, @commit, NULL, @caller, @now, @now) ON CONFLICT (repository, git_commit) DO NOTHING",
                new { repository, commit, caller, now }) == 1)
        {
            return true;
        }

        // One conditional UPDATE: of two callers taking over the same stale claim, one changes the row.
        return await c.ExecuteAsync(
            "UPDATE git_pull_builds SET build_id = NULL, caller = @caller, created_at = @now, last_pulled_at = @now " +
            "WHERE repository = @repository AND git_commit = @commit " +
            "AND ((build_id IS NULL AND created_at < @stale) OR (build_id IS NOT NULL AND build_id = @replacing))",
            new { repository, commit, caller, now, stale = now - (long)ClaimTimeout.TotalMilliseconds, replacing = replacing ?? -1 }) == 1;
    }

    /// <summary>Names the build the claimer queued.</summary>
    public async Task SetBuildAsync(string repository, string commit, long buildId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "UPDATE git_pull_builds SET build_id = @buildId WHERE repository = @repository AND git_commit = @commit",
            new { repository, commit, buildId });
    }

    /// <summary>Records a pull of the image, at most once per <see cref="TouchInterval"/>. An image without a row (one
    /// <c>wharf migrate</c> carried) gets one that names no build and is stale at once, so it expires like the others and
    /// a pull after its deletion builds it again without waiting.</summary>
    public async Task TouchAsync(string repository, string commit, CancellationToken ct)
    {
        var now = Now();
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO git_pull_builds (repository, git_commit, build_id, caller, created_at, last_pulled_at) " +
            "VALUES (@repository, @commit, NULL, '', 0, @now) " +
            "ON CONFLICT (repository, git_commit) DO UPDATE SET last_pulled_at = @now WHERE git_pull_builds.last_pulled_at < @due",
            new { repository, commit, now, due = now - (long)TouchInterval.TotalMilliseconds });
    }

    /// <summary>How many builds <paramref name="caller"/> started that are queued or running, and how many they started
    /// since <paramref name="since"/>: what their quota counts.</summary>
    public async Task<(int Active, int Since)> CountAsync(string caller, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var active = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM git_pull_builds g JOIN builds b ON b.id = g.build_id WHERE g.caller = @caller AND b.state IN ('queued', 'running')",
            new { caller });
        var recent = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM git_pull_builds WHERE caller = @caller AND created_at >= @since",
            new { caller, since = since.ToUnixTimeMilliseconds() });
        return ((int)active, (int)recent);
    }

    /// <summary>The images nobody pulled since <paramref name="before"/>, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<GitPullClaim>> ListIdleAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(
            "SELECT repository AS Repository, git_commit AS GitCommit, build_id AS BuildId, caller AS Caller, created_at AS CreatedAt, last_pulled_at AS LastPulledAt " +
            "FROM git_pull_builds WHERE last_pulled_at < @before ORDER BY last_pulled_at LIMIT @limit",
            new { before = before.ToUnixTimeMilliseconds(), limit });
        return [.. rows.Select(r => r.ToClaim())];
    }

    /// <summary>Forgets the claim, if nobody pulled it since <paramref name="before"/> (a pull racing the expiry wins).</summary>
    public async Task<bool> DeleteIdleAsync(string repository, string commit, DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "DELETE FROM git_pull_builds WHERE repository = @repository AND git_commit = @commit AND last_pulled_at < @before",
            new { repository, commit, before = before.ToUnixTimeMilliseconds() }) == 1;
    }

    /// <summary>The last step line (<c>[stage 3/7] RUN make</c>) a running build logged, if any.</summary>
    public async Task<string?> CurrentStepAsync(long buildId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<string?>(
            "SELECT text FROM build_logs WHERE build_id = @buildId AND (text LIKE '[%' OR text LIKE 'Step %') ORDER BY sequence DESC LIMIT 1",
            new { buildId });
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class Row
    {
        public string Repository { get; set; } = "";

        public string GitCommit { get; set; } = "";

        public long? BuildId { get; set; }

        public string Caller { get; set; } = "";

        public long CreatedAt { get; set; }

        public long LastPulledAt { get; set; }

        public GitPullClaim ToClaim() => new(
            Repository, GitCommit, BuildId, Caller, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(LastPulledAt));
    }
}
