using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Statistics;

/// <summary>Adds a node's pull counts to the database (decision 027): increments, never overwrites
/// (<c>pulls = pulls + n</c>, the later of the two times), so nodes flushing the same repository add up whatever their
/// order. One transaction per flush. Counts of a manifest deleted meanwhile are dropped (the insert selects it).</summary>
public sealed class SqlPullStatisticsStore(SqlDatabase database)
{
    public async Task AddAsync(IReadOnlyList<PullCount> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        // In one order on every node, so two flushes updating the same rows on PostgreSQL never deadlock.
        var ordered = counts.OrderBy(c => c.Repository, StringComparer.Ordinal).ThenBy(c => c.Digest, StringComparer.Ordinal).ToList();
        var repositories = ordered
            .Where(c => c.RepositoryPulls > 0)
            .GroupBy(c => c.Repository, StringComparer.Ordinal)
            .Select(g => new { repository = g.Key, pulls = g.Sum(c => c.RepositoryPulls), last = g.Max(c => c.LastPulledAt).ToUnixTimeMilliseconds() })
            .ToList();
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO manifest_pulls (repository_id, digest, pulls, last_pulled_at)
            SELECT m.repository_id, m.digest, @pulls, @last
            FROM manifests m JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = @repository AND m.digest = @digest
            ON CONFLICT (repository_id, digest) DO UPDATE SET
                pulls = manifest_pulls.pulls + excluded.pulls,
                last_pulled_at = CASE WHEN excluded.last_pulled_at > manifest_pulls.last_pulled_at
                                      THEN excluded.last_pulled_at ELSE manifest_pulls.last_pulled_at END
            """,
            ordered.Select(p => new { repository = p.Repository, digest = p.Digest, pulls = p.Pulls, last = p.LastPulledAt.ToUnixTimeMilliseconds() }),
            tx);
        await c.ExecuteAsync(
            """
            INSERT INTO repository_pulls (repository_id, pulls, last_pulled_at)
            SELECT id, @pulls, @last FROM repositories WHERE name = @repository
            ON CONFLICT (repository_id) DO UPDATE SET
                pulls = repository_pulls.pulls + excluded.pulls,
                last_pulled_at = CASE WHEN excluded.last_pulled_at > repository_pulls.last_pulled_at
                                      THEN excluded.last_pulled_at ELSE repository_pulls.last_pulled_at END
            """,
            repositories,
            tx);
        await tx.CommitAsync(ct);
    }
}
