namespace Wharf.Cli.Api;

/// <summary><c>GET /api/v1/user</c>: who the stored credentials are.</summary>
internal sealed record CurrentAccount(string Name, string Kind, bool IsAdmin);
