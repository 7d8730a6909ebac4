namespace Wharf.Registry.Overview;

/// <summary>The orders of the tag table; each has a direction in <see cref="TagQuery.Descending"/>.</summary>
public enum TagSort
{
    /// <summary>Version-aware (<see cref="TagNameComparer"/>).</summary>
    Name,
    Pushed,
    Size,
}
