namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>PUT /api/v1/visibility</c>.</summary>
internal sealed record VisibilityChange(string? Repository, bool? Public);
