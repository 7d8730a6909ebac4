using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Oci.Manifests;

namespace Wharf.Registry.Overview;

/// <summary>A repository's tag table for every front end: filtered, sorted (version-aware by name, by push time or by
/// size) and paged. By push time (the usual order) the database cuts the page; by name only the names are read and
/// sorted here, then the page's rows; by size every tag's size is needed (one grouped query). Sizes and platforms are
/// read for the page only.</summary>
public sealed class TagCatalog(SqlOverviewStore store, RepositoryVisibility visibility)
{
    /// <summary>The page, or null when the repository does not exist or the viewer may not see it (the same answer).</summary>
    public async Task<ResultPage<TagSummary>?> ListAsync(Viewer viewer, string repository, TagQuery query, CancellationToken ct)
    {
        if (await store.FindRepositoryAsync(repository, ct) is not { } found || !visibility.MaySee(viewer, found.Name, found.IsPublic))
        {
            return null;
        }

        var pattern = SearchPattern.Contains(query.Search);
        var offset = (int)Math.Min(int.MaxValue, (long)(query.Page - 1) * query.PageSize);
        IReadOnlyDictionary<string, long>? sizes = null;
        IReadOnlyList<TagRow> items;
        int total;
        switch (query.Sort)
        {
            case TagSort.Pushed:
                total = await store.CountTagsAsync(found.Id, pattern, ct);
                items = total <= offset ? [] : await store.ListTagsByPushAsync(found.Id, pattern, query.Descending, offset, query.PageSize, ct);
                break;
            case TagSort.Name:
                var names = (await store.ListTagNamesAsync(found.Id, pattern, ct)).ToList();
                names.Sort(TagNameComparer.Instance);
                if (query.Descending)
                {
                    names.Reverse();
                }

                var pageNames = names.Skip(offset).Take(query.PageSize).ToList();
                var rows = (await store.FindTagsAsync(found.Id, pageNames, ct)).ToDictionary(t => t.Name, StringComparer.Ordinal);
                // A tag deleted between the two reads is left out of the page.
                items = [.. pageNames.Where(rows.ContainsKey).Select(n => rows[n])];
                total = names.Count;
                break;
            default:
                sizes = await store.FindSizesAsync(found.Id, null, ct);
                var all = SortBySize([.. await store.ListTagsAsync(found.Id, pattern, ct)], query.Descending, sizes);
                items = [.. all.Skip(offset).Take(query.PageSize)];
                total = all.Count;
                break;
        }

        var digests = items.Select(t => t.Digest).Distinct(StringComparer.Ordinal).ToList();
        sizes ??= await store.FindSizesAsync(found.Id, digests, ct);
        var indexes = await store.FindContentsAsync(found.Id, [.. items.Where(t => MediaTypes.IsIndex(t.MediaType)).Select(t => t.Digest).Distinct()], ct);
        return new ResultPage<TagSummary>(
            [.. items.Select(t => new TagSummary(
                t.Name, t.Digest, t.MediaType, indexes.TryGetValue(t.Digest, out var index) ? Platforms(index.MediaType, index.Content) : [],
                sizes.GetValueOrDefault(t.Digest), DateTimeOffset.FromUnixTimeMilliseconds(t.PushedAt), RepositoryCatalog.Time(t.LastPulledAt), t.Pulls))],
            total, query.Page, query.PageSize);
    }

    /// <summary>By compressed size, ties by name (version-aware), in either direction.</summary>
    private static List<TagRow> SortBySize(List<TagRow> tags, bool descending, IReadOnlyDictionary<string, long> sizes)
    {
        tags.Sort((a, b) =>
        {
            var order = descending
                ? sizes.GetValueOrDefault(b.Digest).CompareTo(sizes.GetValueOrDefault(a.Digest))
                : sizes.GetValueOrDefault(a.Digest).CompareTo(sizes.GetValueOrDefault(b.Digest));
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
