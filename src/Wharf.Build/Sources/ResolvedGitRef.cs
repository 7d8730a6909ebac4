namespace Wharf.Build.Sources;

/// <summary>What a git source's ref is on the remote now (<see cref="GitRefResolver"/>): the commit to check out, and
/// the full ref name that led there (<c>refs/heads/main</c>, <c>refs/tags/v1</c>; null when the source named a
/// commit), which a checkout fetches first.</summary>
internal sealed record ResolvedGitRef(string Commit, string? Ref);
