namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>PATCH /api/v1/users/{name}</c>: only the fields present change.</summary>
internal sealed record UserUpdate(string? Password = null, bool? IsAdmin = null, bool? Disabled = null);
