using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>The repository listing every front end shows (the web UI's home and search, <c>/api/v1/repositories</c>,
/// Docker's <c>/v1/search</c>): repositories the viewer may see, searched, filtered, sorted and paged. Two queries a page:
/// the page itself (<see cref="SqlOverviewStore.PageRepositoriesAsync"/>, selecting what
/// <see cref="RepositoryVisibility.ScopeOf"/> lets the viewer see, so totals count only that), then its descriptions.</summary>
public sealed class RepositoryCatalog(SqlOverviewStore store, RepositoryVisibility visibility)
{
    public async Task<ResultPage<RepositorySummary>> ListAsync(Viewer viewer, RepositoryQuery query, CancellationToken ct)
    {
        var page = await store.PageRepositoriesAsync(
            visibility.ScopeOf(viewer), SearchPattern.Contains(query.Search), query.Namespace, query.Sort, query.Descending, query.Page, query.PageSize, ct);
        var descriptions = await store.FindDescriptionBeginningsAsync([.. page.Items.Select(r => r.Id)], ct);
        return new ResultPage<RepositorySummary>(
            [.. page.Items.Select(r => ToSummary(r, descriptions.GetValueOrDefault(r.Id)))], page.Total, page.Page, page.PageSize);
    }

    /// <summary>One repository, or null when it does not exist or the viewer may not see it (the same answer).</summary>
    public async Task<RepositorySummary?> FindAsync(Viewer viewer, string repository, CancellationToken ct)
    {
        if (await store.FindRepositoryAsync(repository, ct) is not { } row || !visibility.MaySee(viewer, row.Name, row.IsPublic))
        {
            return null;
        }

        var descriptions = await store.FindDescriptionBeginningsAsync([row.Id], ct);
        return ToSummary(row, descriptions.GetValueOrDefault(row.Id));
    }

    private static RepositorySummary ToSummary(RepositoryRow r, string? description) =>
        new(r.Name, AccessPolicy.NamespaceOf(r.Name), r.IsPublic, DescriptionSummary.Of(description), r.TagCount, Time(r.LastPushedAt), Time(r.LastPulledAt), r.Pulls);

    internal static DateTimeOffset? Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
