using Dapper;

namespace Wharf.Registry.Auth;

/// <summary>Building a <see cref="Principal"/>: the half of <see cref="SqlAccountStore"/> every token request reads.</summary>
public sealed partial class SqlAccountStore
{
    // Three statements, one round trip. A robot of a disabled organisation is as disabled as the organisation, and
    // a disabled organisation confers no roles.
    private const string PrincipalQuery =
        """
        SELECT a.kind, a.is_admin FROM accounts a
        WHERE a.name = @name AND a.kind IN ('user', 'robot') AND a.disabled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM accounts o WHERE o.id = a.owner_id AND o.disabled_at IS NOT NULL);

        SELECT o.name, t.role FROM team_members m
        JOIN teams t ON t.id = m.team_id
        JOIN accounts o ON o.id = t.organisation_id
        WHERE m.account_id = (SELECT id FROM accounts WHERE name = @name) AND o.disabled_at IS NULL;

        SELECT g.repository, g.access FROM repository_grants g
        WHERE g.account_id = (SELECT id FROM accounts WHERE name = @name)
        UNION ALL
        SELECT g.repository, g.access FROM repository_grants g JOIN team_members m ON m.team_id = g.team_id
        WHERE m.account_id = (SELECT id FROM accounts WHERE name = @name);
        """;

    public async Task<Principal?> FindPrincipalAsync(string name, TokenScope? scope, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var results = await c.QueryMultipleAsync(PrincipalQuery, new { name });
        var account = await results.ReadSingleOrDefaultAsync<(string Kind, long IsAdmin)?>();
        var roles = await results.ReadAsync<(string Organisation, string Role)>();
        var grants = await results.ReadAsync<(string Repository, string Access)>();
        if (account is not { } a)
        {
            return null;
        }

        // The strongest role and the strongest grant win: the enums are declared weakest first.
        var strongestRoles = new Dictionary<string, OrganisationRole>(StringComparer.Ordinal);
        foreach (var (organisation, role) in roles)
        {
            var r = AuthColumns.Role(role);
            strongestRoles[organisation] = strongestRoles.TryGetValue(organisation, out var held) && held > r ? held : r;
        }

        var strongestGrants = new Dictionary<string, RepositoryAccess>(StringComparer.Ordinal);
        foreach (var (repository, access) in grants)
        {
            var g = AuthColumns.Access(access);
            strongestGrants[repository] = strongestGrants.TryGetValue(repository, out var held) && held > g ? held : g;
        }

        return new Principal(name, AuthColumns.Kind(a.Kind), a.IsAdmin != 0, strongestRoles, strongestGrants, scope);
    }
}
