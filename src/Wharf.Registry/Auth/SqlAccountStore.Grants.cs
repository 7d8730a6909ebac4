using System.Data.Common;
using Dapper;
using Wharf.Oci;

namespace Wharf.Registry.Auth;

/// <summary>Repository grants and visibility: the per-repository half of <see cref="SqlAccountStore"/>.</summary>
public sealed partial class SqlAccountStore
{
    // Well under SQLite's limit of host parameters per statement.
    private const int InListChunk = 500;

    public async Task<AccountChange> GrantAsync(string repository, Grantee grantee, RepositoryAccess access, CancellationToken ct)
    {
        if (!RepositoryName.TryParse(repository, out _))
        {
            return AccountChange.InvalidName;
        }

        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var (id, change) = await ResolveGranteeAsync(c, tx, grantee);
        if (change != AccountChange.Done)
        {
            return change;
        }

        // Each grantee column has its own partial unique index; ON CONFLICT names the one this row falls under.
        var column = grantee.IsTeam ? "team_id" : "account_id";
        await c.ExecuteAsync(
            $"""
            INSERT INTO repository_grants (repository, {column}, access, created_at) VALUES (@repository, @id, @access, @now)
            ON CONFLICT ({column}, repository) WHERE {column} IS NOT NULL DO UPDATE SET access = excluded.access
            """,
            new { repository, id, access = AuthColumns.Access(access), now = Now() }, tx);
        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }

    public async Task<bool> RevokeAsync(string repository, Grantee grantee, CancellationToken ct)
    {
        var sql = grantee.IsTeam
            ? $"DELETE FROM repository_grants WHERE repository = @repository AND team_id = {TeamId}"
            : "DELETE FROM repository_grants WHERE repository = @repository AND account_id = (SELECT id FROM accounts WHERE name = @name)";
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(sql, new { repository, name = grantee.Name, organisation = grantee.Organisation, team = grantee.Name }) > 0;
    }

    public async Task<IReadOnlyList<RepositoryGrant>> ListGrantsAsync(string repository, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Access, string? Account, string? Organisation, string? Team)>(
            """
            SELECT g.access, a.name, o.name, t.name FROM repository_grants g
            LEFT JOIN accounts a ON a.id = g.account_id
            LEFT JOIN teams t ON t.id = g.team_id
            LEFT JOIN accounts o ON o.id = t.organisation_id
            WHERE g.repository = @repository
            ORDER BY CASE WHEN g.account_id IS NULL THEN 1 ELSE 0 END, a.name, o.name, t.name
            """,
            new { repository });
        return [.. rows.Select(r => new RepositoryGrant(
            repository, r.Account is not null ? Grantee.Account(r.Account) : Grantee.Team(r.Organisation!, r.Team!), AuthColumns.Access(r.Access)))];
    }

    public async Task<AccountChange> SetPublicAsync(string repository, bool isPublic, CancellationToken ct)
    {
        if (!RepositoryName.TryParse(repository, out _))
        {
            return AccountChange.InvalidName;
        }

        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO repository_visibility (repository, is_public, updated_at) VALUES (@repository, @flag, @now)
            ON CONFLICT (repository) DO UPDATE SET is_public = excluded.is_public, updated_at = excluded.updated_at
            """,
            new { repository, flag = isPublic ? 1 : 0, now = Now() });
        return AccountChange.Done;
    }

    public async Task<bool> IsPublicAsync(string repository, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<long?>(
            "SELECT is_public FROM repository_visibility WHERE repository = @repository", new { repository }) == 1;
    }

    public async Task<IReadOnlySet<string>> FindPublicAsync(IReadOnlyCollection<string> repositories, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (repositories.Count == 0)
        {
            return found;
        }

        await using var c = await database.OpenAsync(ct);
        foreach (var chunk in repositories.Distinct().Chunk(InListChunk))
        {
            found.UnionWith(await c.QueryAsync<string>(
                $"SELECT repository FROM repository_visibility WHERE repository {database.InList("@chunk")} AND is_public = 1", new { chunk }));
        }

        return found;
    }

    /// <summary>The id of a grantee that may hold grants (a user, a robot, a team), or why not.</summary>
    private static async Task<(long Id, AccountChange Change)> ResolveGranteeAsync(DbConnection c, DbTransaction tx, Grantee grantee)
    {
        if (grantee.IsTeam)
        {
            var teamId = await c.QuerySingleOrDefaultAsync<long?>(
                $"SELECT {TeamId}", new { organisation = grantee.Organisation, team = grantee.Name }, tx);
            return teamId is { } t ? (t, AccountChange.Done) : (0, AccountChange.NotFound);
        }

        return await FindIdAndKindAsync(c, tx, grantee.Name) switch
        {
            null => (0, AccountChange.NotFound),
            { Kind: AccountKind.Organisation } => (0, AccountChange.WrongKind),
            { } a => (a.Id, AccountChange.Done),
        };
    }
}
