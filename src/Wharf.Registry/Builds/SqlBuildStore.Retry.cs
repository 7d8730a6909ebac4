using Dapper;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Builds;

/// <summary>Retrying an ended build (issue 10): a new build of the same spec, queued by whoever asked.</summary>
public sealed partial class SqlBuildStore
{
    /// <summary>The spec a retry of <paramref name="build"/> queues: the same context, Dockerfile, target, build args,
    /// tags, trigger and source ref, asked by <paramref name="requestedBy"/> with reason <see cref="BuildReasons.Retry"/>.
    /// A trigger's build is retried at the commit it built (its git ref is the pushed commit already when the push named
    /// one, else the commit the worker recorded); a git build someone submitted keeps its ref, which is resolved again.</summary>
    public static BuildSpec RetrySpec(BuildRecord build, string requestedBy)
    {
        var git = build.Spec.Git;
        if (git is not null && build.Spec.TriggerId is not null && build.GitCommit is { } commit)
        {
            git = git with { Ref = commit };
        }

        return build.Spec with { RequestedBy = requestedBy, Git = git, Reason = BuildReasons.Retry };
    }

    /// <summary>Queues <see cref="RetrySpec"/> of <paramref name="build"/>, which should have ended, with a first log line
    /// naming the build it retries. An uploaded context is a blob garbage collection deletes once its build has ended
    /// (decision 017): under the digest's lock, the build is queued only when no collector has begun deleting it and the
    /// bytes are still in <paramref name="blobs"/>; from then on the queued build keeps them. Null when they are gone.</summary>
    public async Task<BuildRecord?> RetryAsync(BuildRecord build, string requestedBy, IBlobStore blobs, CancellationToken ct)
    {
        var spec = RetrySpec(build, requestedBy);
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (spec.ContextDigest is { } context)
        {
            // The lock a collector's BeginBlobDeletionAsync takes: it either sees this build, or this sees its deletion.
            await database.LockAsync(c, tx, [context.ToString()]);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM blob_deletions WHERE digest = @digest", new { digest = context.ToString() }, tx) > 0
                || await blobs.StatAsync(context, ct) is null)
            {
                return null;
            }
        }

        var id = await InsertAsync(c, tx, spec, []);
        await AppendLineAsync(c, tx, id, $"retry of build {build.Id}{(requestedBy.Length > 0 ? $", asked by {requestedBy}" : "")}");
        var queued = await FindAsync(c, tx, id);
        await tx.CommitAsync(ct);
        Queued.Pulse();
        return queued;
    }
}
