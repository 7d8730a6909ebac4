using Dapper;
using Wharf.Oci;

namespace Wharf.Registry.Metadata;

/// <summary>Content sizes by digest, for checking what a manifest's descriptors say (decision 013). A part of
/// <see cref="SqlMetadataStore"/>.</summary>
public sealed partial class SqlMetadataStore
{
    public async Task<IReadOnlyDictionary<Digest, long>> FindContentSizesAsync(string repository, IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        if (digests.Count == 0)
        {
            return new Dictionary<Digest, long>();
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Digest, long Size)>(
            $"""
            SELECT digest, size FROM blob_links WHERE repository_id = {RepositoryId} AND digest {database.InList("@all")}
            UNION ALL SELECT digest, CAST(length(content) AS BIGINT) FROM manifests WHERE repository_id = {RepositoryId} AND digest {database.InList("@all")}
            """,
            new { repository, all = digests.Select(d => d.ToString()).Distinct().ToList() });
        var sizes = new Dictionary<Digest, long>();
        foreach (var (digest, size) in rows)
        {
            sizes[Digest.Parse(digest)] = size;
        }

        return sizes;
    }
}
