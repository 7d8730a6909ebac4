using Dapper;

namespace Wharf.Registry.Overview;

/// <summary>Repository descriptions: one row per repository that has one, removed with the repository (a cascade).</summary>
public sealed partial class SqlOverviewStore
{
    public async Task<RepositoryDescription?> FindDescriptionAsync(string repository, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Text, long UpdatedAt, string UpdatedBy)?>(
            """
            SELECT d.description, d.updated_at, d.updated_by FROM repository_descriptions d
            JOIN repositories r ON r.id = d.repository_id WHERE r.name = @repository
            """,
            new { repository });
        return row is { } r ? new RepositoryDescription(r.Text, DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt), r.UpdatedBy) : null;
    }

    /// <summary>Sets (or, with "", removes) the description. False when there is no such repository.</summary>
    public async Task<bool> SetDescriptionAsync(string repository, string text, string by, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        if (text.Length == 0)
        {
            await c.ExecuteAsync(
                "DELETE FROM repository_descriptions WHERE repository_id = (SELECT id FROM repositories WHERE name = @repository)", new { repository });
            return await c.QuerySingleOrDefaultAsync<long?>("SELECT id FROM repositories WHERE name = @repository", new { repository }) is not null;
        }

        return await c.ExecuteAsync(
            """
            INSERT INTO repository_descriptions (repository_id, description, updated_at, updated_by)
            SELECT id, @text, @now, @by FROM repositories WHERE name = @repository
            ON CONFLICT (repository_id) DO UPDATE
                SET description = excluded.description, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { repository, text, by, now = time.GetUtcNow().ToUnixTimeMilliseconds() }) > 0;
    }
}
