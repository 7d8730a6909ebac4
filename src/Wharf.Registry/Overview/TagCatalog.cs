using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;

namespace Wharf.Registry.Overview;

/// <summary>A repository's tag table for every front end: filtered, sorted (version-aware by name, by push time or by
/// size) and paged. The tags are one query; sizes and platforms are read for the page only, unless the order is by
/// size, which needs every tag's (one grouped query).</summary>
public sealed class TagCatalog(SqlOverviewStore store, RepositoryVisibility visibility)
{
    /// <summary>The page, or null when the repository does not exist or the viewer may not see it (the same answer).</summary>
    public async Task<ResultPage<TagSummary>?> ListAsync(Viewer viewer, string repository, TagQuery query, CancellationToken ct)
    {
        if (await store.FindRepositoryAsync(repository, ct) is not { } found || !visibility.MaySee(viewer, found.Name, found.IsPublic))
        {
            return null;
        }

        var tags = (await store.ListTagsAsync(found.Id, SearchPattern.Contains(query.Search), ct)).ToList();
        IReadOnlyDictionary<string, long>? sizes = null;
        if (query.Sort == TagSort.Size)
        {
            sizes = await store.FindSizesAsync(found.Id, null, ct);
        }

        var page = ResultPage.Of(Sort(tags, query.Sort, query.Descending, sizes), query.Page, query.PageSize);
        var digests = page.Items.Select(t => t.Digest).Distinct(StringComparer.Ordinal).ToList();
        sizes ??= await store.FindSizesAsync(found.Id, digests, ct);
        var indexes = await store.FindContentsAsync(found.Id, [.. page.Items.Where(t => MediaTypes.IsIndex(t.MediaType)).Select(t => t.Digest).Distinct()], ct);
        return new ResultPage<TagSummary>(
            [.. page.Items.Select(t => new TagSummary(
                t.Name, t.Digest, t.MediaType, indexes.TryGetValue(t.Digest, out var index) ? Platforms(index.MediaType, index.Content) : [],
                sizes.GetValueOrDefault(t.Digest), DateTimeOffset.FromUnixTimeMilliseconds(t.PushedAt), RepositoryCatalog.Time(t.LastPulledAt), t.Pulls))],
            page.Total, page.Page, page.PageSize);
    }

    private static List<TagRow> Sort(List<TagRow> tags, TagSort sort, bool descending, IReadOnlyDictionary<string, long>? sizes)
    {
        Comparison<TagRow> primary = sort switch
        {
            TagSort.Pushed => (a, b) => a.PushedAt.CompareTo(b.PushedAt),
            TagSort.Size => (a, b) => sizes!.GetValueOrDefault(a.Digest).CompareTo(sizes!.GetValueOrDefault(b.Digest)),
            _ => (a, b) => TagNameComparer.Instance.Compare(a.Name, b.Name),
        };
        tags.Sort((a, b) =>
        {
            var order = descending ? primary(b, a) : primary(a, b);
            return order != 0 ? order : TagNameComparer.Instance.Compare(a.Name, b.Name);
        });
        return tags;
    }

    private static IReadOnlyList<string> Platforms(string mediaType, byte[] content)
    {
        try
        {
            return [.. ManifestParser.Parse(content, mediaType).Manifests
                .Select(d => d.Platform)
                .OfType<Platform>()
                // BuildKit's attestation manifests sit in the index as unknown/unknown: not a platform anyone pulls.
                .Where(p => p.Os != "unknown")
                .Select(p => p.ToString())];
        }
        catch (RegistryException)
        {
            // Stored manifests were parsed when pushed; one that no longer parses shows no platforms rather than failing the page.
            return [];
        }
    }
}
