using Dapper;
using Wharf.Registry.Storage;

namespace Wharf.Registry.Metadata;

/// <summary>The upload-parts half of <see cref="SqlMetadataStore"/> (decision 009).</summary>
public sealed partial class SqlMetadataStore
{
    public async Task<bool> AppendUploadPartAsync(string id, long expectedOffset, StagedPart part, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The conditional update is the decision: of two writers at one offset, the second finds the size moved (on
        // PostgreSQL it waits for the first's row lock, then re-reads the row) and updates nothing.
        var moved = await c.ExecuteAsync(
            """
            UPDATE uploads SET size = size + @length
            WHERE id = @id AND size = @expectedOffset AND completing_digest IS NULL
            """,
            new { id, expectedOffset, length = part.Length }, tx);
        if (moved == 0)
        {
            return false;
        }

        await c.ExecuteAsync(
            "INSERT INTO upload_parts (upload_id, start_offset, length, part_id) VALUES (@id, @expectedOffset, @length, @partId)",
            new { id, expectedOffset, length = part.Length, partId = part.Id }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<StagedPart>> ListUploadPartsAsync(string id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string PartId, long Length)>(
            "SELECT part_id, length FROM upload_parts WHERE upload_id = @id ORDER BY start_offset", new { id });
        return [.. rows.Select(r => new StagedPart(r.PartId, r.Length))];
    }
}
