using Dapper;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Overview;

/// <summary>The read queries of the web UI and <c>/api/v1/repositories</c> (issue 11), beside what <c>/v2</c> needs:
/// repositories with their counts and times, tags with sizes, storage figures, descriptions. Never a query per row; the
/// repository listing selects what the viewer may see in SQL (a <see cref="PullScope"/>) and pages there; the indexes of
/// migration 016 keep the aggregates to index scans (a tag count and last push are correlated subqueries on
/// <c>tags_by_push</c>, so a repository's figures read only its own tags). Every statement runs unchanged on SQLite and
/// PostgreSQL (decision 008).</summary>
public sealed partial class SqlOverviewStore(SqlDatabase database, TimeProvider time)
{
    private const string RepositoryColumns =
        """
        SELECT r.id, r.name, COALESCE(v.is_public, 0) AS is_public,
            (SELECT COUNT(*) FROM tags t WHERE t.repository_id = r.id) AS tag_count,
            (SELECT MAX(t.updated_at) FROM tags t WHERE t.repository_id = r.id) AS last_pushed_at,
            COALESCE(p.pulls, 0) AS pulls, p.last_pulled_at
        FROM repositories r
        LEFT JOIN repository_visibility v ON v.repository = r.name
        LEFT JOIN repository_pulls p ON p.repository_id = r.id
        """;

    /// <summary>A page of the repositories in <paramref name="scope"/> (what the viewer may see) whose name or description
    /// contains the search (a <see cref="SearchPattern"/>), in the namespace when given, in the order asked (ties by
    /// name, ascending), and how many there are in all. The database selects, sorts and cuts, so a page reads its own
    /// rows only; by name it walks the names' index.</summary>
    public async Task<ResultPage<RepositoryRow>> PageRepositoriesAsync(
        PullScope scope, string? pattern, string? space, RepositorySort sort, bool descending, int page, int pageSize, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (space is not null)
        {
            where.Add($"(r.name = @space OR r.name LIKE @under {SearchPattern.Escape})");
            parameters.AddDynamicParams(new { space, under = SearchPattern.Under(space) });
        }

        if (pattern is not null)
        {
            where.Add(
                $"""
                (lower(r.name) LIKE @pattern {SearchPattern.Escape}
                 OR EXISTS (SELECT 1 FROM repository_descriptions d WHERE d.repository_id = r.id AND lower(d.description) LIKE @pattern {SearchPattern.Escape}))
                """);
            parameters.Add("pattern", pattern);
        }

        if (!scope.Everything)
        {
            where.Add(ScopeFilter(scope, parameters));
        }

        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var direction = descending ? "DESC" : "ASC";
        // Never pushed or pulled sorts below everything (-1), on both databases (they put NULLs at opposite ends).
        var order = sort switch
        {
            RepositorySort.LastPush => $"COALESCE(x.last_pushed_at, -1) {direction}, x.name",
            RepositorySort.Pulls => $"x.pulls {direction}, COALESCE(x.last_pulled_at, -1) {direction}, x.name",
            _ => $"x.name {direction}",
        };
        parameters.AddDynamicParams(new { limit = pageSize, offset = (int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize) });
        int total;
        await using (var c = await database.OpenAsync(ct))
        {
            total = (int)await c.ExecuteScalarAsync<long>(
                new CommandDefinition($"SELECT COUNT(*) FROM repositories r LEFT JOIN repository_visibility v ON v.repository = r.name {filter}", parameters, cancellationToken: ct));
        }

        var rows = total == 0 ? [] : await QueryRepositoriesAsync(
            $"SELECT * FROM ({RepositoryColumns} {filter}) x ORDER BY {order} LIMIT @limit OFFSET @offset", parameters, ct);
        return new ResultPage<RepositoryRow>(rows, total, page, pageSize);
    }

    /// <summary><paramref name="scope"/> as a condition on <c>r</c> (the repository) and <c>v</c> (its visibility).</summary>
    private string ScopeFilter(PullScope scope, DynamicParameters parameters)
    {
        var any = new List<string>();
        if (scope.Public)
        {
            any.Add("COALESCE(v.is_public, 0) = 1");
            for (var i = 0; i < scope.PublicPrefixes.Count; i++)
            {
                any.Add($"r.name LIKE @public{i} {SearchPattern.Escape}");
                parameters.Add($"public{i}", SearchPattern.Literal(scope.PublicPrefixes[i]) + "%");
            }
        }

        for (var i = 0; i < scope.Namespaces.Count; i++)
        {
            any.Add($"r.name = @space{i} OR r.name LIKE @under{i} {SearchPattern.Escape}");
            parameters.Add($"space{i}", scope.Namespaces[i]);
            parameters.Add($"under{i}", SearchPattern.Literal(scope.Namespaces[i]) + "/%");
        }

        if (scope.Repositories.Count > 0)
        {
            any.Add($"r.name {database.InList("@granted")}");
            parameters.Add("granted", scope.Repositories.ToList());
        }

        return any.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", any) + ")";
    }

    /// <summary>Every repository's name and visibility (the figures left zero and null), by name.</summary>
    public async Task<IReadOnlyList<RepositoryRow>> ListRepositoryNamesAsync(CancellationToken ct) =>
        await QueryRepositoriesAsync(
            "SELECT r.id, r.name, COALESCE(v.is_public, 0), 0, NULL, 0, NULL FROM repositories r LEFT JOIN repository_visibility v ON v.repository = r.name ORDER BY r.name",
            new { }, ct);

    /// <summary>One repository's facts, or null when there is no such repository.</summary>
    public async Task<RepositoryRow?> FindRepositoryAsync(string repository, CancellationToken ct) =>
        (await QueryRepositoriesAsync($"{RepositoryColumns} WHERE r.name = @repository", new { repository }, ct)).SingleOrDefault();

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

    /// <summary>Rows of <see cref="RepositoryColumns"/>' shape, read by position (<see cref="SqlRead"/>: a listing of
    /// thousands through Dapper's mapping costs several times the query).</summary>
    private async Task<IReadOnlyList<RepositoryRow>> QueryRepositoriesAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        var rows = new List<RepositoryRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RepositoryRow(
                SqlRead.Number(reader, 0), reader.GetString(1), SqlRead.Number(reader, 2) == 1, SqlRead.Number(reader, 3),
                SqlRead.NumberOrNull(reader, 4), SqlRead.Number(reader, 5), SqlRead.NumberOrNull(reader, 6)));
        }

        return rows;
    }
}
