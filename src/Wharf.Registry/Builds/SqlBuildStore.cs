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
    public Task<BuildRecord> EnqueueAsync(BuildSpec spec, CancellationToken ct) => EnqueueAsync(spec, [], ct);

    /// <summary>Queues a build with its sealed <paramref name="secrets"/> (<see cref="BuildSecrets.Seal"/>) in one
    /// transaction, so no worker claims it without them; the spec's <see cref="BuildSpec.SecretIds"/> and
    /// <see cref="BuildSpec.SshIds"/> are theirs.</summary>
    public async Task<BuildRecord> EnqueueAsync(BuildSpec spec, IReadOnlyList<SealedBuildSecret> secrets, CancellationToken ct)
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
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await InsertAsync(c, tx, spec, secrets);
        var queued = await FindAsync(c, tx, id) ?? throw new InvalidOperationException($"build {id} vanished as it was queued");
        await tx.CommitAsync(ct);
        Queued.Pulse();
        return queued;
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
            await EndedAsync(c, tx, id);
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

    /// <summary>Inserts the build's row and its sealed secrets' rows (in the caller's transaction); returns its id.</summary>
    private async Task<long> InsertAsync(DbConnection c, DbTransaction tx, BuildSpec spec, IReadOnlyList<SealedBuildSecret> secrets)
    {
        var secretIds = IdsOf(secrets, SealedBuildSecret.Secret);
        var sshIds = IdsOf(secrets, SealedBuildSecret.Ssh);
        if (spec.HasSecrets && !(spec.SecretIds.SequenceEqual(secretIds, StringComparer.Ordinal) && spec.SshIds.SequenceEqual(sshIds, StringComparer.Ordinal)))
        {
            // A retry of a build that had secrets: they were deleted when it ended, and a build without the secrets its
            // Dockerfile reads would be another build.
            throw new ArgumentException("a build's secrets are queued with it: an ended build's spec cannot be queued again without them", nameof(spec));
        }

        var id = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO builds (repository, tags, requested_by, state, context_digest, git_url, git_ref, git_subfolder,
                                dockerfile, target, build_args, no_cache, created_at, registry_host, trigger_id, source_ref, reason,
                                test_command, source_date_epoch, reproducible, compression, platform, memory_limit, cache_from,
                                cache_to, secret_ids, ssh_ids)
            VALUES (@Repository, @tags, @RequestedBy, 'queued', @contextDigest, @gitUrl, @gitRef, @gitSubfolder,
                    @Dockerfile, @Target, @buildArgs, @noCache, @now, @RegistryHost, @TriggerId, @SourceRef, @Reason,
                    @Test, @SourceDateEpoch, @reproducible, @Compression, @platform, @MemoryLimit, @cacheFrom,
                    @cacheTo, @secretIds, @sshIds)
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
                secretIds = JsonSerializer.Serialize(secretIds),
                sshIds = JsonSerializer.Serialize(sshIds),
            },
            tx);
        foreach (var secret in secrets)
        {
            await c.ExecuteAsync(
                "INSERT INTO build_secrets (build_id, kind, name, position, sealed) VALUES (@buildId, @kind, @name, @position, @sealed)",
                new { buildId = id, kind = secret.Kind, name = secret.Id, position = secret.Position, @sealed = secret.Sealed },
                tx);
        }

        return id;
    }

    private static List<string> IdsOf(IReadOnlyList<SealedBuildSecret> secrets, string kind) =>
        [.. secrets.Where(s => s.Kind == kind).Select(s => s.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static async Task<BuildRecord?> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QuerySingleOrDefaultAsync<BuildRow>($"SELECT {BuildRow.Columns} WHERE id = @id", new { id }, tx))?.ToRecord();

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
