using Dapper;

namespace Wharf.Registry.Auth;

/// <summary>Teams and their members: the organisation-roles half of <see cref="SqlAccountStore"/>.</summary>
public sealed partial class SqlAccountStore
{
    private const string TeamId =
        "(SELECT t.id FROM teams t JOIN accounts o ON o.id = t.organisation_id WHERE o.name = @organisation AND t.name = @team)";

    public async Task<AccountChange> CreateTeamAsync(string organisation, string team, OrganisationRole role, CancellationToken ct)
    {
        if (!AccountName.IsValid(team))
        {
            return AccountChange.InvalidName;
        }

        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var owner = await FindIdAndKindAsync(c, tx, organisation);
        if (owner is not { } o || o.Kind != AccountKind.Organisation)
        {
            return owner is null ? AccountChange.NotFound : AccountChange.WrongKind;
        }

        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO teams (organisation_id, name, role, created_at) VALUES (@organisationId, @team, @role, @now)
            ON CONFLICT (organisation_id, name) DO NOTHING
            """,
            new { organisationId = o.Id, team, role = AuthColumns.Role(role), now = Now() }, tx);
        await tx.CommitAsync(ct);
        return inserted > 0 ? AccountChange.Done : AccountChange.NameTaken;
    }

    public async Task<AccountChange> SetTeamRoleAsync(string organisation, string team, OrganisationRole role, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var updated = await c.ExecuteAsync($"UPDATE teams SET role = @role WHERE id = {TeamId}", new { organisation, team, role = AuthColumns.Role(role) });
        return updated > 0 ? AccountChange.Done : AccountChange.NotFound;
    }

    public async Task<bool> DeleteTeamAsync(string organisation, string team, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        // Foreign keys cascade to the team's memberships and grants.
        return await c.ExecuteAsync($"DELETE FROM teams WHERE id = {TeamId}", new { organisation, team }) > 0;
    }

    public async Task<IReadOnlyList<Team>> ListTeamsAsync(string organisation, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Team, string Role, string? Member)>(
            """
            SELECT t.name, t.role, a.name FROM teams t
            JOIN accounts o ON o.id = t.organisation_id
            LEFT JOIN team_members m ON m.team_id = t.id
            LEFT JOIN accounts a ON a.id = m.account_id
            WHERE o.name = @organisation
            ORDER BY t.name, a.name
            """,
            new { organisation });
        return [.. rows.GroupBy(r => (r.Team, r.Role)).Select(g => new Team(
            organisation, g.Key.Team, AuthColumns.Role(g.Key.Role), [.. g.Where(r => r.Member is not null).Select(r => r.Member!)]))];
    }

    public async Task<AccountChange> AddTeamMemberAsync(string organisation, string team, string member, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var teamRow = await c.QuerySingleOrDefaultAsync<(long Id, long OrganisationId)?>(
            "SELECT t.id, t.organisation_id FROM teams t JOIN accounts o ON o.id = t.organisation_id WHERE o.name = @organisation AND t.name = @team",
            new { organisation, team }, tx);
        var account = await FindIdAndKindAsync(c, tx, member);
        if (teamRow is not { } t || account is not { } a)
        {
            return AccountChange.NotFound;
        }

        // Robots belong to one organisation: a robot in another organisation's team would act for both.
        if (a.Kind == AccountKind.Organisation || (a.Kind == AccountKind.Robot && a.OwnerId != t.OrganisationId))
        {
            return AccountChange.WrongKind;
        }

        await c.ExecuteAsync(
            "INSERT INTO team_members (team_id, account_id) VALUES (@teamId, @accountId) ON CONFLICT DO NOTHING",
            new { teamId = t.Id, accountId = a.Id }, tx);
        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }

    public async Task<bool> RemoveTeamMemberAsync(string organisation, string team, string member, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            $"DELETE FROM team_members WHERE team_id = {TeamId} AND account_id = (SELECT id FROM accounts WHERE name = @member)",
            new { organisation, team, member }) > 0;
    }
}
