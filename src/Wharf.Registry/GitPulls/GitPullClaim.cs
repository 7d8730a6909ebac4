namespace Wharf.Registry.GitPulls;

/// <summary>The row for one (repository, commit) a pull asked for: the build that makes its image (null while the
/// caller that claimed it is queueing it), who asked first, and when.</summary>
public sealed record GitPullClaim(string Repository, string Commit, long? BuildId, string Caller, DateTimeOffset CreatedAt, DateTimeOffset LastPulledAt);
