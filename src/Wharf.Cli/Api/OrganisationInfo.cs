namespace Wharf.Cli.Api;

/// <summary>An organisation as <c>GET /api/v1/orgs</c> lists it.</summary>
internal sealed record OrganisationInfo(string Name, DateTimeOffset? CreatedAt);
