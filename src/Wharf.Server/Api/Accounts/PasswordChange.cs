namespace Wharf.Server.Api.Accounts;

/// <summary>Body of <c>PUT /api/v1/user/password</c>.</summary>
internal sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
