namespace Wharf.Cli.Api;

/// <summary>A grant on a repository: to an account (user or robot) or to a team (<c>ORG/TEAM</c>), never both.</summary>
internal sealed record GrantInfo(string? Account, string? Team, string Access);
