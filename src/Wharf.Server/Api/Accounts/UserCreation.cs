namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>POST /api/v1/users</c>. Without a password the user logs in with tokens only.</summary>
internal sealed record UserCreation(string? Name, string? Password = null, bool? IsAdmin = null);
