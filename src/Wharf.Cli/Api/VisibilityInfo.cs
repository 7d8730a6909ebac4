namespace Wharf.Cli.Api;

/// <summary>Whether anyone may pull a repository without logging in.</summary>
internal sealed record VisibilityInfo(string Repository, bool Public);
