using System.Data.Common;
using Dapper;

namespace Wharf.Registry.Builds;

/// <summary>A build's sealed secrets and ssh key files (<c>build_secrets</c>, decision 017): queued with it
/// (<see cref="EnqueueAsync(BuildSpec, IReadOnlyList{SealedBuildSecret}, CancellationToken)"/>), read by the worker that
/// holds it, and deleted by the transaction that ends it, whichever that is.</summary>
public sealed partial class SqlBuildStore
{
    /// <summary>The sealed secrets of build <paramref name="id"/> while it runs under <paramref name="workerId"/>'s
    /// claim; none once it is another's or has ended.</summary>
    public async Task<IReadOnlyList<SealedBuildSecret>> FindSecretsAsync(long id, string workerId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Kind, string Name, long Position, string Sealed)>(
            """
            SELECT s.kind, s.name, s.position, s.sealed FROM build_secrets s JOIN builds b ON b.id = s.build_id
            WHERE s.build_id = @id AND b.worker_id = @workerId AND b.state = 'running'
            ORDER BY s.kind, s.name, s.position
            """,
            new { id, workerId });
        return [.. rows.Select(r => new SealedBuildSecret(r.Kind, r.Name, (int)r.Position, r.Sealed))];
    }

    /// <summary>What every ending of build <paramref name="id"/> does, in the transaction of the update that made it final
    /// (every such update calls it; a no-op when the build is not final, as after a release back to the queue): its
    /// sealed secrets are deleted — so there is no way to end a build that keeps them — and its webhook event is written.</summary>
    private async Task EndedAsync(DbConnection c, DbTransaction tx, long id)
    {
        await c.ExecuteAsync(
            """
            DELETE FROM build_secrets
            WHERE build_id = @id AND EXISTS (SELECT 1 FROM builds WHERE id = @id AND state IN ('succeeded', 'failed', 'cancelled'))
            """,
            new { id }, tx);
        await NotifyEndedAsync(c, tx, id);
    }
}
