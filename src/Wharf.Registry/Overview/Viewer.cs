using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>Who is looking at the registry's repositories: a principal, whose view <see cref="RepositoryVisibility"/>
/// filters, or <see cref="Everyone"/> on a registry with auth off, where anybody may see everything.</summary>
public sealed record Viewer(Principal Principal, bool SeesEverything)
{
    /// <summary>Auth is off: every repository is visible to every caller.</summary>
    public static Viewer Everyone { get; } = new(Principal.Anonymous, true);

    public static Viewer As(Principal principal) => new(principal, false);
}
