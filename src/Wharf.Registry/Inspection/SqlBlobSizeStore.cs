using Dapper;
using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Inspection;

/// <summary>The uncompressed sizes of blobs (migration 017): what <see cref="LayerSizeMeasurer"/> found, and which
/// blobs manifests use that nobody measured yet.</summary>
public sealed class SqlBlobSizeStore(SqlDatabase database, TimeProvider time)
{
    /// <summary>The recorded size of each of <paramref name="digests"/> that has one; -1 for a blob that could not be
    /// read as what it claims to be.</summary>
    public async Task<IReadOnlyDictionary<Digest, long>> FindAsync(IReadOnlyCollection<Digest> digests, CancellationToken ct)
    {
        if (digests.Count == 0)
        {
            return new Dictionary<Digest, long>();
        }

        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Digest, long Size)>(
            $"SELECT digest, uncompressed_size FROM blob_uncompressed_sizes WHERE digest {database.InList("@digests")}",
            new { digests = digests.Select(d => d.ToString()).Distinct().ToArray() });
        return rows.ToDictionary(r => Digest.Parse(r.Digest), r => r.Size);
    }

    /// <summary>Up to <paramref name="limit"/> blobs a manifest uses (config or layer) with no recorded size.</summary>
    public async Task<IReadOnlyList<Digest>> FindUnmeasuredAsync(int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<string>(
            "SELECT DISTINCT mb.blob_digest FROM manifest_blobs mb " +
            "LEFT JOIN blob_uncompressed_sizes s ON s.digest = mb.blob_digest WHERE s.digest IS NULL LIMIT @limit",
            new { limit });
        return rows.Select(Digest.Parse).ToList();
    }

    /// <summary>Records a measurement; a second node measuring the same blob meanwhile writes the same figure.</summary>
    public async Task RecordAsync(Digest digest, long uncompressedSize, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(
            "INSERT INTO blob_uncompressed_sizes (digest, uncompressed_size, measured_at) VALUES (@digest, @size, @now) " +
            "ON CONFLICT (digest) DO NOTHING",
            new { digest = digest.ToString(), size = uncompressedSize, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}
