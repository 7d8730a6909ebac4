namespace Wharf.Cli.Api;

/// <summary>Organisations, their teams and their robots.</summary>
internal sealed partial class WharfApiClient
{
    public Task<IReadOnlyList<OrganisationInfo>> ListOrganisationsAsync(CancellationToken ct) => GetAsync("orgs", ApiJson.Default.IReadOnlyListOrganisationInfo, ct);

    public Task CreateOrganisationAsync(string name, CancellationToken ct) => SendJsonAsync(HttpMethod.Post, "orgs", Body(("name", name)), ct);

    public Task DeleteOrganisationAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"orgs/{Escape(name)}", null, ct);

    public Task<IReadOnlyList<TeamInfo>> ListTeamsAsync(string organisation, CancellationToken ct) =>
        GetAsync($"orgs/{Escape(organisation)}/teams", ApiJson.Default.IReadOnlyListTeamInfo, ct);

    public Task CreateTeamAsync(string organisation, string name, string role, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Post, $"orgs/{Escape(organisation)}/teams", Body(("name", name), ("role", role)), ct);

    public Task SetTeamRoleAsync(string organisation, string team, string role, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Patch, $"orgs/{Escape(organisation)}/teams/{Escape(team)}", Body(("role", role)), ct);

    public Task DeleteTeamAsync(string organisation, string team, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/teams/{Escape(team)}", null, ct);

    public Task AddTeamMemberAsync(string organisation, string team, string member, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"orgs/{Escape(organisation)}/teams/{Escape(team)}/members/{Escape(member)}", null, ct);

    public Task RemoveTeamMemberAsync(string organisation, string team, string member, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/teams/{Escape(team)}/members/{Escape(member)}", null, ct);

    public Task<IReadOnlyList<AccountInfo>> ListRobotsAsync(string organisation, CancellationToken ct) =>
        GetAsync($"orgs/{Escape(organisation)}/robots", ApiJson.Default.IReadOnlyListAccountInfo, ct);

    public Task<CreatedRobot> CreateRobotAsync(string organisation, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"orgs/{Escape(organisation)}/robots", Body(("name", name)), ApiJson.Default.CreatedRobot, ct);

    /// <param name="name">The robot's own name, without the <c>ORG+</c> prefix.</param>
    public Task DeleteRobotAsync(string organisation, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"orgs/{Escape(organisation)}/robots/{Escape(name)}", null, ct);
}
