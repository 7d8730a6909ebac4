namespace Wharf.Server.Api.Builds;

/// <summary>A git context in a request or an answer: the repository URL (shown without credentials), a branch, tag or
/// commit (the remote's default branch when absent), the context's folder in it, and the commit the ref resolved to
/// (answers only, once a worker fetched it).</summary>
internal sealed record GitSource(string? Url, string? Ref = null, string? Subfolder = null, string? Commit = null);
