namespace Wharf.Registry.Builds;

/// <summary>A build context in a git repository, cloned by the worker that runs the build.</summary>
/// <param name="Url">What <c>git clone</c> is given (https, ssh, git; file only where the operator allows it).</param>
/// <param name="Ref">A branch, tag or commit; null for the remote's default branch.</param>
/// <param name="Subfolder">The context's directory inside the repository, relative; null for its root.</param>
public sealed record GitContext(string Url, string? Ref, string? Subfolder);
