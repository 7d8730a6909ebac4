using System.Data.Common;
using Dapper;
using Wharf.Oci;
using Wharf.Registry.Triggers;

namespace Wharf.Registry.Builds;

/// <summary>The worker's half of <see cref="SqlBuildStore"/>: claiming under a lease, renewing it (which also carries a
/// user's cancel to the worker), recording the outcome, and recovering builds whose worker is gone.</summary>
public sealed partial class SqlBuildStore
{
    /// <summary>Takes the oldest queued build for <paramref name="workerId"/>, running under a lease of
    /// <paramref name="lease"/>; null when the queue is empty. PostgreSQL: the row is picked with
    /// <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers on any number of machines each get a different build without
    /// waiting for each other; SQLite's single writer orders them. The update is conditional on the build still being
    /// queued either way.</summary>
    public async Task<ClaimedBuild?> ClaimAsync(string workerId, TimeSpan lease, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await c.QuerySingleOrDefaultAsync<long?>(
            $"SELECT id FROM builds WHERE state = 'queued' ORDER BY id LIMIT 1 {database.ForUpdateSkipLocked}", transaction: tx);
        if (id is null)
        {
            return null;
        }

        var now = Now();
        var claimed = await c.ExecuteAsync(
            """
            UPDATE builds SET state = 'running', worker_id = @workerId, lease_expires_at = @until,
                              started_at = COALESCE(started_at, @now), attempts = attempts + 1
            WHERE id = @id AND state = 'queued'
            """,
            new { id, workerId, now, until = now + (long)lease.TotalMilliseconds }, tx);
        if (claimed == 0)
        {
            return null;
        }

        var next = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) + 1 FROM build_logs WHERE build_id = @id", new { id }, tx);
        var build = await FindAsync(c, tx, id.Value);
        await tx.CommitAsync(ct);
        return new ClaimedBuild(build!, next);
    }

    /// <summary>Extends the worker's lease on a running build. <see cref="LeaseStatus.Lost"/> when it is no longer this
    /// worker's (recovery took it after the lease ran out): the worker must stop without recording anything.</summary>
    public async Task<LeaseStatus> RenewAsync(long id, string workerId, TimeSpan lease, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var cancel = await c.QuerySingleOrDefaultAsync<long?>(
            "UPDATE builds SET lease_expires_at = @until WHERE id = @id AND worker_id = @workerId AND state = 'running' RETURNING cancel_requested",
            new { id, workerId, until = Now() + (long)lease.TotalMilliseconds });
        return cancel switch
        {
            null => LeaseStatus.Lost,
            1 => LeaseStatus.CancelRequested,
            _ => LeaseStatus.Held,
        };
    }

    /// <summary>Records a success with the manifest the tags now name; false when the build was not this worker's.</summary>
    public Task<bool> SucceedAsync(long id, string workerId, Digest manifest, CancellationToken ct) =>
        FinishAsync(id, workerId, BuildState.Succeeded, null, manifest, null, ct);

    /// <summary>Records a success as <see cref="SucceedAsync(long, string, Digest, CancellationToken)"/> and, for a
    /// trigger's build, what of this registry it read by tag (<paramref name="baseImages"/>), in the same transaction: that
    /// is what its ref is rebuilt on from now (<see cref="BaseImageRebuilds.RecordAsync"/>).</summary>
    public Task<bool> SucceedAsync(long id, string workerId, Digest manifest, IReadOnlyList<BaseImageRead> baseImages, CancellationToken ct) =>
        FinishAsync(id, workerId, BuildState.Succeeded, null, manifest, baseImages, ct);

    /// <summary>Records a failure with its one-line reason; false when the build was not this worker's.</summary>
    public Task<bool> FailAsync(long id, string workerId, string error, CancellationToken ct) =>
        FinishAsync(id, workerId, BuildState.Failed, error, null, null, ct);

    /// <summary>Records that the worker stopped the build on a user's cancel; false when it was not this worker's.</summary>
    public Task<bool> CancelledAsync(long id, string workerId, CancellationToken ct) =>
        FinishAsync(id, workerId, BuildState.Cancelled, null, null, null, ct);

    /// <summary>Records that the worker ended the build without building, with the reason (a pushed commit whose message
    /// says <c>[skip build]</c>): cancelled, which does not count toward turning its trigger off; false when it was not
    /// this worker's.</summary>
    public Task<bool> SkippedAsync(long id, string workerId, string reason, CancellationToken ct) =>
        FinishAsync(id, workerId, BuildState.Cancelled, reason, null, null, ct);

    /// <summary>Records the commit a git context's ref resolved to.</summary>
    public async Task RecordGitCommitAsync(long id, string workerId, string commit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "UPDATE builds SET git_commit = @commit WHERE id = @id AND worker_id = @workerId AND state = 'running'", new { id, workerId, commit });
    }

    /// <summary>Gives a running build back to the queue because its worker is shutting down (not the build's fault, so
    /// the claim is not counted as an attempt); a build whose cancel was asked for is cancelled instead.</summary>
    public async Task<bool> ReleaseAsync(long id, string workerId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var released = await c.ExecuteAsync(
            """
            UPDATE builds SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'queued' END,
                              finished_at = CASE WHEN cancel_requested = 1 THEN @now ELSE NULL END,
                              worker_id = NULL, lease_expires_at = NULL, attempts = attempts - 1
            WHERE id = @id AND worker_id = @workerId AND state = 'running'
            """,
            new { id, workerId, now = Now() }, tx) > 0;
        if (released)
        {
            await AppendLineAsync(c, tx, id, $"worker {workerId} stopped; the build goes back to the queue");
            await EndedAsync(c, tx, id); // only when a cancel made it final
        }

        await tx.CommitAsync(ct);
        return released;
    }

    /// <summary>Builds whose worker stopped renewing its lease (it died, or its machine or server restarted) are queued
    /// again for another attempt, failed once they have been claimed <paramref name="maxAttempts"/> times, or cancelled
    /// when a cancel was asked for; each gets a log line saying so. Safe on several nodes at once: each row is picked
    /// with <c>FOR UPDATE SKIP LOCKED</c> (PostgreSQL) and changed conditionally. Returns how many builds it moved.</summary>
    public async Task<int> RecoverExpiredAsync(int maxAttempts, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = Now();
        var expired = (await c.QueryAsync<(long Id, string? WorkerId, long Attempts, long CancelRequested)>(
            $"""
            SELECT id, worker_id, attempts, cancel_requested FROM builds
            WHERE state = 'running' AND lease_expires_at < @now ORDER BY id {database.ForUpdateSkipLocked}
            """,
            new { now }, tx)).AsList();
        foreach (var build in expired)
        {
            var (state, error, line) = build.CancelRequested == 1
                ? ("cancelled", null, $"worker {build.WorkerId} stopped answering; the build was being cancelled, so it is cancelled")
                : build.Attempts >= maxAttempts
                    ? ("failed", $"the build's worker stopped answering {build.Attempts} times (its lease ran out); given up",
                        $"worker {build.WorkerId} stopped answering; attempt {build.Attempts} of {maxAttempts}: given up")
                    : ("queued", (string?)null, $"worker {build.WorkerId} stopped answering; attempt {build.Attempts} of {maxAttempts}: queued again");
            await c.ExecuteAsync(
                """
                UPDATE builds SET state = @state, error = @error, worker_id = NULL, lease_expires_at = NULL,
                                  finished_at = CASE WHEN @state = 'queued' THEN NULL ELSE @now END
                WHERE id = @id AND state = 'running' AND lease_expires_at < @now
                """,
                new { id = build.Id, state, error, now }, tx);
            await AppendLineAsync(c, tx, build.Id, line);
            if (state == "failed")
            {
                await CountTriggerOutcomeAsync(c, tx, build.Id, succeeded: false);
            }

            if (state != "queued")
            {
                await EndedAsync(c, tx, build.Id);
            }
        }

        await tx.CommitAsync(ct);
        return expired.Count;
    }

    private async Task<bool> FinishAsync(
        long id, string workerId, BuildState state, string? error, Digest? manifest, IReadOnlyList<BaseImageRead>? baseImages, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var finished = await c.ExecuteAsync(
            """
            UPDATE builds SET state = @state, error = @error, manifest_digest = @manifest, finished_at = @now, lease_expires_at = NULL
            WHERE id = @id AND worker_id = @workerId AND state = 'running'
            """,
            new { id, workerId, state = BuildStates.Word(state), error, manifest = manifest?.ToString(), now = Now() }, tx) > 0;
        if (finished && state is BuildState.Succeeded or BuildState.Failed)
        {
            var trigger = await CountTriggerOutcomeAsync(c, tx, id, state == BuildState.Succeeded) > 0;
            if (trigger && baseImages is not null)
            {
                // The trigger's row is this transaction's now (updated just above): it cannot be deleted before the commit.
                await BaseImageRebuilds.RecordAsync(c, tx, id, baseImages, time.GetUtcNow());
            }
        }

        if (finished)
        {
            await EndedAsync(c, tx, id);
        }

        await tx.CommitAsync(ct);
        if (finished)
        {
            Ended.Pulse();
        }

        return finished;
    }

    /// <summary>A trigger's build outcome counts toward turning it off (issue 10): a success resets its run of failures, a
    /// failure adds one and turns the trigger off when the run reaches its <c>disable_after_failures</c> (0: never). In
    /// the transaction that ends the build, so no outcome is counted twice or lost.</summary>
    private static Task<int> CountTriggerOutcomeAsync(DbConnection c, DbTransaction tx, long buildId, bool succeeded) =>
        c.ExecuteAsync(
            """
            UPDATE build_triggers
            SET consecutive_failures = CASE WHEN @succeeded = 1 THEN 0 ELSE consecutive_failures + 1 END,
                enabled = CASE WHEN @succeeded = 0 AND disable_after_failures > 0 AND consecutive_failures + 1 >= disable_after_failures
                               THEN 0 ELSE enabled END
            WHERE id = (SELECT trigger_id FROM builds WHERE id = @buildId)
            """,
            new { buildId, succeeded = succeeded ? 1 : 0 }, tx);
}
