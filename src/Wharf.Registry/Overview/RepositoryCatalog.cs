using Wharf.Registry.Auth;

namespace Wharf.Registry.Overview;

/// <summary>The repository listing every front end shows (the web UI's home and search, <c>/api/v1/repositories</c>,
/// Docker's <c>/v1/search</c>): repositories the viewer may see, searched, filtered, sorted and paged. Two queries a page:
/// the filtered set's numbers (<see cref="SqlOverviewStore.ListRepositoriesAsync"/>), then the page's descriptions.
/// Visibility is decided in <see cref="RepositoryVisibility"/> between the two, so totals count only what the viewer sees.</summary>
public sealed class RepositoryCatalog(SqlOverviewStore store, RepositoryVisibility visibility)
{
    public async Task<ResultPage<RepositorySummary>> ListAsync(Viewer viewer, RepositoryQuery query, CancellationToken ct)
    {
        var rows = await store.ListRepositoriesAsync(SearchPattern.Contains(query.Search), query.Namespace, ct);
        var visible = rows.Where(r => visibility.MaySee(viewer, r.Name, r.IsPublic)).ToList();
        var page = ResultPage.Of(Sort(visible, query.Sort, query.Descending), query.Page, query.PageSize);
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

    private static List<RepositoryRow> Sort(List<RepositoryRow> rows, RepositorySort sort, bool descending)
    {
        // Ties (and repositories never pushed or pulled) fall back to the name, ascending, so pages never overlap.
        Comparison<RepositoryRow> primary = sort switch
        {
            RepositorySort.LastPush => (a, b) => Nullable.Compare(a.LastPushedAt, b.LastPushedAt),
            RepositorySort.Pulls => (a, b) => a.Pulls != b.Pulls ? a.Pulls.CompareTo(b.Pulls) : Nullable.Compare(a.LastPulledAt, b.LastPulledAt),
            _ => (a, b) => string.CompareOrdinal(a.Name, b.Name),
        };
        rows.Sort((a, b) =>
        {
            var order = descending ? primary(b, a) : primary(a, b);
            return order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
        });
        return rows;
    }

    private static RepositorySummary ToSummary(RepositoryRow r, string? description) =>
        new(r.Name, AccessPolicy.NamespaceOf(r.Name), r.IsPublic, DescriptionSummary.Of(description), r.TagCount, Time(r.LastPushedAt), Time(r.LastPulledAt), r.Pulls);

    internal static DateTimeOffset? Time(long? unixMilliseconds) =>
        unixMilliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
