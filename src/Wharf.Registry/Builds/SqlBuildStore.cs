using System.Data.Common;
using System.Text.Json;
using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Builds;

/// <summary>The build queue in the metadata database (decision 017): any node submits, any worker on any machine
/// sharing the database claims, runs under a lease it renews, and records the outcome; any node reads a build and
/// follows its log. Every transition is one conditional statement (or a claim's transaction), so no caller needs an
/// in-process lock and two workers never run one build. This file: submitting, reading, cancelling; the worker's half
/// is in <c>SqlBuildStore.Leases.cs</c>, the log in <c>SqlBuildStore.Log.cs</c>.</summary>
public sealed partial class SqlBuildStore(SqlDatabase database, TimeProvider time)
{
    /// <summary>Pulsed whenever this process queues a build: its idle workers start it at once.</summary>
    public BuildSignal Queued { get; } = new();

    /// <summary>Pulsed whenever a build this process ran (or cancelled while queued) ended.</summary>
    public BuildSignal Ended { get; } = new();

    /// <summary>Queues a build; its context (the blob or the git URL) must be given exactly once.</summary>
    public async Task<BuildRecord> EnqueueAsync(BuildSpec spec, CancellationToken ct)
    {
        if ((spec.ContextDigest is null) == (spec.Git is null))
        {
            throw new ArgumentException("a build has exactly one context: an uploaded blob or a git repository", nameof(spec));
        }

        if (spec.Tags.Count == 0)
        {
            throw new ArgumentException("a build pushes under at least one tag", nameof(spec));
        }

        await using var c = await database.OpenAsync(ct);
        var id = await InsertAsync(c, null, spec);
        Queued.Pulse();
        return await FindAsync(c, null, id) ?? throw new InvalidOperationException($"build {id} vanished as it was queued");
    }

    /// <summary>The build, or null when there is none of that id.</summary>
    public async Task<BuildRecord?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await FindAsync(c, null, id);
    }

    /// <summary>A repository's builds, newest first: at most <paramref name="limit"/>, with ids below
    /// <paramref name="before"/> when it is given (the next page); only those queued for <paramref name="reason"/>, or by
    /// the trigger <paramref name="triggerId"/>, when given.</summary>
    public async Task<IReadOnlyList<BuildRecord>> ListAsync(
        string repository, long? before, int limit, CancellationToken ct, string? reason = null, long? triggerId = null)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<BuildRow>(
            $"SELECT {BuildRow.Columns} WHERE repository = @repository AND id < @before"
            + (reason is null ? "" : " AND reason = @reason") + (triggerId is null ? "" : " AND trigger_id = @triggerId")
            + " ORDER BY id DESC LIMIT @limit",
            new { repository, before = before ?? long.MaxValue, limit, reason, triggerId });
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>A trigger's queued or running build of <paramref name="gitRef"/> pushing exactly <paramref name="tags"/>,
    /// if there is one: the same push told twice (two hosts' hooks, a poll and a webhook) is built once.</summary>
    public async Task<BuildRecord?> FindActiveAsync(long triggerId, string gitRef, IReadOnlyList<string> tags, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<BuildRow>(
            $"SELECT {BuildRow.Columns} WHERE trigger_id = @triggerId AND git_ref = @gitRef AND tags = @tags AND state IN ('queued', 'running') ORDER BY id LIMIT 1",
            new { triggerId, gitRef, tags = JsonSerializer.Serialize(tags) });
        return row?.ToRecord();
    }

    /// <summary>A user's cancel. A queued build is cancelled at once (no worker will take it); a running one is marked,
    /// and its worker stops it at its next lease renewal (<see cref="LeaseStatus.CancelRequested"/>) and records it
    /// cancelled. Each step is a conditional update, so a claim or an ending racing this one is seen, not overwritten.</summary>
    public async Task<CancelOutcome> RequestCancelAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var outcome = CancelOutcome.NotFound;
        if (await c.ExecuteAsync(
                "UPDATE builds SET state = 'cancelled', cancel_requested = 1, finished_at = @now WHERE id = @id AND state = 'queued'",
                new { id, now = Now() }, tx) > 0)
        {
            await AppendLineAsync(c, tx, id, "cancelled before a worker took it");
            await NotifyEndedAsync(c, tx, id);
            outcome = CancelOutcome.Cancelled;
        }
        else if (await c.ExecuteAsync("UPDATE builds SET cancel_requested = 1 WHERE id = @id AND state = 'running'", new { id }, tx) > 0)
        {
            outcome = CancelOutcome.Requested;
        }
        else if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM builds WHERE id = @id", new { id }, tx) > 0)
        {
            outcome = CancelOutcome.AlreadyFinished;
        }

        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>Forgets builds that ended before <paramref name="cutoff"/>, with their logs. Returns how many.</summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "DELETE FROM builds WHERE state IN ('succeeded', 'failed', 'cancelled') AND finished_at < @cutoff",
            new { cutoff = cutoff.ToUnixTimeMilliseconds() });
    }

    private Task<long> InsertAsync(DbConnection c, DbTransaction? tx, BuildSpec spec) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO builds (repository, tags, requested_by, state, context_digest, git_url, git_ref, git_subfolder,
                                dockerfile, target, build_args, no_cache, created_at, registry_host, trigger_id, source_ref, reason,
                                test_command, source_date_epoch, reproducible, compression, platform, memory_limit, cache_from,
                                cache_to)
            VALUES (@Repository, @tags, @RequestedBy, 'queued', @contextDigest, @gitUrl, @gitRef, @gitSubfolder,
                    @Dockerfile, @Target, @buildArgs, @noCache, @now, @RegistryHost, @TriggerId, @SourceRef, @Reason,
                    @Test, @SourceDateEpoch, @reproducible, @Compression, @platform, @MemoryLimit, @cacheFrom,
                    @cacheTo)
            RETURNING id
            """,
            new
            {
                spec.Repository,
                tags = JsonSerializer.Serialize(spec.Tags),
                spec.RequestedBy,
                contextDigest = spec.ContextDigest?.ToString(),
                gitUrl = spec.Git?.Url,
                gitRef = spec.Git?.Ref,
                gitSubfolder = spec.Git?.Subfolder,
                spec.Dockerfile,
                spec.Target,
                buildArgs = JsonSerializer.Serialize(spec.BuildArgs),
                noCache = spec.NoCache ? 1 : 0,
                now = Now(),
                spec.RegistryHost,
                spec.TriggerId,
                spec.SourceRef,
                spec.Reason,
                spec.Test,
                spec.SourceDateEpoch,
                reproducible = spec.Reproducible ? 1 : 0,
                spec.Compression,
                platform = spec.Platform?.ToString(),
                spec.MemoryLimit,
                cacheFrom = BuildRow.CacheFromJson(spec.CacheFrom),
                cacheTo = BuildRow.CacheToJson(spec.CacheTo),
            },
            tx);

    private static async Task<BuildRecord?> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QuerySingleOrDefaultAsync<BuildRow>($"SELECT {BuildRow.Columns} WHERE id = @id", new { id }, tx))?.ToRecord();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
