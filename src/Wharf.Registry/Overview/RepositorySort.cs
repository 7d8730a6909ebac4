namespace Wharf.Registry.Overview;

/// <summary>The orders of the repository listing; each has a direction in <see cref="RepositoryQuery.Descending"/>.</summary>
public enum RepositorySort
{
    Name,
    LastPush,
    Pulls,
}
