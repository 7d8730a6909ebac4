namespace Wharf.Server.Builds;

/// <summary>What a git context was checked out at: the commit its ref resolved to, the commit's time (a reproducible
/// build's epoch) and its message (for <c>COMMIT_MSG</c> and <c>[skip build]</c> when the push did not say).</summary>
public sealed record GitCheckout(string Commit, long CommitTime, string Message);
