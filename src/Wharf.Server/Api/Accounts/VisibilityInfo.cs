namespace Wharf.Server.Api.Accounts;

/// <summary>Whether a repository is public (pullable by anyone) or private (the default).</summary>
internal sealed record VisibilityInfo(string Repository, bool Public);
