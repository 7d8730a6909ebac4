namespace Wharf.Cli.Api;

/// <summary>A user, organisation or robot as the users and robots endpoints list it. Never a secret.</summary>
internal sealed record AccountInfo(string Name, string Kind, bool IsAdmin, bool Disabled, DateTimeOffset? CreatedAt);
