namespace Wharf.Cli.Api;

/// <summary>Organisations, their teams and their robots.</summary>
internal sealed partial class WharfApiClient
{
    public Task<IReadOnlyList<OrganisationInfo>> ListOrganisationsAsync(CancellationToken ct) => GetAsync<IReadOnlyList<OrganisationInfo>>("orgs", ct);

    public Task CreateOrganisationAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Post, "orgs", new { name }, ct);

    public Task DeleteOrganisationAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"orgs/{Escape(name)}", null, ct);

    public Task<IReadOnlyList<TeamInfo>> ListTeamsAsync(string organisation, CancellationToken ct) =>
        GetAsync<IReadOnlyList<TeamInfo>>($"orgs/{Escape(organisation)}/teams", ct);

    public Task CreateTeamAsync(string organisation, string name, string role, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"orgs/{Escape(organisation)}/teams", new { name, role }, ct);

    public Task SetTeamRoleAsync(string organisation, string team, string role, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"orgs/{Escape(organisation)}/teams/{Escape(team)}", new { role }, ct);

    public Task DeleteTeamAsync(string organisation, string team, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/teams/{Escape(team)}", null, ct);

    public Task AddTeamMemberAsync(string organisation, string team, string member, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"orgs/{Escape(organisation)}/teams/{Escape(team)}/members/{Escape(member)}", null, ct);

    public Task RemoveTeamMemberAsync(string organisation, string team, string member, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/teams/{Escape(team)}/members/{Escape(member)}", null, ct);

    public Task<IReadOnlyList<AccountInfo>> ListRobotsAsync(string organisation, CancellationToken ct) =>
        GetAsync<IReadOnlyList<AccountInfo>>($"orgs/{Escape(organisation)}/robots", ct);

    public Task<CreatedRobot> CreateRobotAsync(string organisation, string name, CancellationToken ct) =>
        SendAsync<CreatedRobot>(HttpMethod.Post, $"orgs/{Escape(organisation)}/robots", new { name }, ct);

    /// <param name="name">The robot's own name, without the <c>ORG+</c> prefix.</param>
    public Task DeleteRobotAsync(string organisation, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/robots/{Escape(name)}", null, ct);
}
