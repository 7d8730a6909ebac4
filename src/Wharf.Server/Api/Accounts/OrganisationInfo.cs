namespace Wharf.Server.Api.Accounts;

/// <summary>An organisation as <c>/api/v1/orgs</c> shows it.</summary>
internal sealed record OrganisationInfo(string Name, DateTimeOffset CreatedAt);
