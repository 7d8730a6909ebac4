namespace Wharf.Registry.Overview;

/// <summary>A page of a repository's tags: those whose name contains <paramref name="Search"/> (case-insensitive), in
/// an order, page <paramref name="Page"/> (from 1) of <paramref name="PageSize"/>.</summary>
public sealed record TagQuery(string? Search = null, TagSort Sort = TagSort.Pushed, bool Descending = true, int Page = 1, int PageSize = 50);
