namespace Wharf.Registry.Overview;

/// <summary>A page of the repository listing: repositories whose name or description contains <paramref name="Search"/>
/// (case-insensitive), in <paramref name="Namespace"/> when given, in an order, page <paramref name="Page"/> (from 1) of
/// <paramref name="PageSize"/>.</summary>
public sealed record RepositoryQuery(
    string? Search = null, string? Namespace = null, RepositorySort Sort = RepositorySort.Name, bool Descending = false, int Page = 1, int PageSize = 50);
