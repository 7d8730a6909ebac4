namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>POST /api/v1/orgs</c>.</summary>
internal sealed record OrganisationCreation(string? Name);
