using Dapper;
using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Migrate;

/// <summary>The tables half of <see cref="RegistryMigrator"/>: one snapshot of the source, one transaction on the target.</summary>
public sealed partial class RegistryMigrator
{
    private async Task<IReadOnlyList<TableReport>> CopyTablesAsync(MigrateRun run, BlobTally blobs, CancellationToken ct)
    {
        await using var from = await source.Database.OpenAsync(ct);
        await using var snapshot = await source.Database.BeginSnapshotAsync(from, ct);

        // A live source may have had blobs pushed since its store was listed: the tables of this snapshot must find
        // every blob they name in the target.
        var referenced = await from.QueryAsync<string>("SELECT digest FROM blob_links UNION SELECT blob_digest FROM manifest_blobs", transaction: snapshot);
        var missing = referenced.Select(Digest.Parse).Where(d => !blobs.InTarget(d)).ToList();
        if (missing.Count > 0)
        {
            progress.Note($"{missing.Count} blobs pushed since the listing");
            await CopyEachAsync(missing, blobs, mustExist: true, ct);
        }

        await using var to = await target.Database.OpenAsync(ct);
        await using var transaction = await to.BeginTransactionAsync(ct);
        // Rows of an earlier registry (--overwrite) or of something that wrote to an unfinished copy go; children first.
        foreach (var table in RegistryTables.Carried.Select(t => t.Name).Reverse().Concat(RegistryTables.ClearedInTarget))
        {
            await to.ExecuteAsync($"DELETE FROM {table}", transaction: transaction);
        }

        progress.TablesStarted(RegistryTables.Carried.Count);
        var reports = new List<TableReport>(RegistryTables.Carried.Count);
        foreach (var table in RegistryTables.Carried)
        {
            var rows = await TableCopier.CopyAsync(table, snapshot, transaction, copied => progress.TableAdvanced(table.Name, copied), ct);
            if (table.Identity is { } column)
            {
                await target.Database.ContinueIdentityAsync(transaction, table.Name, column);
            }

            progress.TableCopied(table.Name, rows);
            reports.Add(new TableReport(table.Name, rows));
        }

        await MigrateRuns.CompleteAsync(transaction, run, time.GetUtcNow());
        await transaction.CommitAsync(ct);
        return reports;
    }
}
