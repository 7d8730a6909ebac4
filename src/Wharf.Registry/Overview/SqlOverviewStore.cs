using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Overview;

/// <summary>The read queries of the web UI and <c>/api/v1/repositories</c> (issue 11), beside what <c>/v2</c> needs:
/// repositories with their counts and times, tags with sizes, storage figures, descriptions. Each listing is one
/// statement over the whole filtered set (joins and grouped subqueries, never a query per row), so the callers can filter
/// by visibility and page after it; the indexes of migration 016 keep the aggregates to index scans. Every statement
/// runs unchanged on SQLite and PostgreSQL (decision 008).</summary>
public sealed partial class SqlOverviewStore(SqlDatabase database, TimeProvider time)
{
    private const string RepositoryColumns =
        """
        SELECT r.id, r.name, COALESCE(v.is_public, 0), COALESCE(t.tag_count, 0), t.last_pushed_at, COALESCE(p.pulls, 0), p.last_pulled_at
        FROM repositories r
        LEFT JOIN repository_visibility v ON v.repository = r.name
        LEFT JOIN (SELECT repository_id, COUNT(*) AS tag_count, MAX(updated_at) AS last_pushed_at FROM tags GROUP BY repository_id) t
            ON t.repository_id = r.id
        LEFT JOIN repository_pulls p ON p.repository_id = r.id
        """;

    /// <summary>Every repository whose name or description contains the search (a <see cref="SearchPattern"/>), in the
    /// namespace when given, ordered by name. Thousands of rows of a few numbers each: the caller filters and pages.</summary>
    public async Task<IReadOnlyList<RepositoryRow>> ListRepositoriesAsync(string? pattern, string? space, CancellationToken ct)
    {
        var where = new List<string>();
        if (space is not null)
        {
            where.Add($"(r.name = @space OR r.name LIKE @under {SearchPattern.Escape})");
        }

        if (pattern is not null)
        {
            where.Add(
                $"""
                (lower(r.name) LIKE @pattern {SearchPattern.Escape}
                 OR EXISTS (SELECT 1 FROM repository_descriptions d WHERE d.repository_id = r.id AND lower(d.description) LIKE @pattern {SearchPattern.Escape}))
                """);
        }

        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, string Name, long IsPublic, long TagCount, long? LastPushedAt, long Pulls, long? LastPulledAt)>(
            $"{RepositoryColumns} {filter} ORDER BY r.name",
            new { pattern, space, under = space is null ? null : SearchPattern.Under(space) });
        return [.. rows.Select(ToRow)];
    }

    /// <summary>One repository's facts, or null when there is no such repository.</summary>
    public async Task<RepositoryRow?> FindRepositoryAsync(string repository, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(long Id, string Name, long IsPublic, long TagCount, long? LastPushedAt, long Pulls, long? LastPulledAt)?>(
            $"{RepositoryColumns} WHERE r.name = @repository", new { repository });
        return row is { } r ? ToRow(r) : null;
    }

    /// <summary>The beginnings of the descriptions of these repositories (up to <see cref="DescriptionSummary.ReadLength"/>
    /// characters each), by repository id: what a page of a listing shows, read for that page only.</summary>
    public async Task<IReadOnlyDictionary<long, string>> FindDescriptionBeginningsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, string Text)>(
            $"SELECT repository_id, substr(description, 1, {DescriptionSummary.ReadLength}) FROM repository_descriptions WHERE repository_id {database.InList("@ids")}",
            new { ids = ids.ToList() });
        return rows.ToDictionary(r => r.Id, r => r.Text);
    }

    // Read as tuples, which Dapper fills by position converting each number (PostgreSQL's integer flag, SQLite's int64).
    private static RepositoryRow ToRow((long Id, string Name, long IsPublic, long TagCount, long? LastPushedAt, long Pulls, long? LastPulledAt) r) =>
        new(r.Id, r.Name, r.IsPublic == 1, r.TagCount, r.LastPushedAt, r.Pulls, r.LastPulledAt);
}
