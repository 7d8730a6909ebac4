using System.Globalization;
using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Migrate;

/// <summary><c>wharf migrate</c>: copies a whole registry (its metadata database and its blob store) to another, any
/// backends either way (decision 014). In order:
/// <list type="number">
/// <item>checks: the ends are different databases; the source is at this build's schema version and is not itself an
/// unfinished copy; the target is not newer;</item>
/// <item>the target's schema is made (or upgraded) by <see cref="SchemaMigrator"/>; a target that holds a registry is
/// refused unless <see cref="MigrationOptions.Overwrite"/>, but an unfinished copy from the same source is continued;</item>
/// <item>a <c>migrate_runs</c> row opens the copy (<see cref="MigrateRuns"/>): from here the target is "unfinished" and
/// <c>wharf serve</c> refuses it;</item>
/// <item>every blob the source's store lists is copied, verified, several at once (<see cref="BlobCopier"/>): blobs the
/// target has are skipped, which is what a resumed run mostly does;</item>
/// <item>in one snapshot of the source, the blobs its tables reference that the listing missed (pushed meanwhile) are
/// copied too, then, in one transaction on the target, its tables are emptied, every carried table is copied in
/// foreign-key order (<see cref="TableCopier"/>), identities are moved past the copied ids, and the run is marked
/// complete. So the target's registry appears whole at that commit, or not at all.</item>
/// </list>
/// The source is only ever read.</summary>
public sealed partial class RegistryMigrator(MigrationEnd source, MigrationEnd target, MigrationOptions options, IMigrationProgress progress, TimeProvider time)
{
    public async Task<MigrationReport> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // Names first (no connection needed), then what the databases say they are: one PostgreSQL database reached by
        // two host names would otherwise be emptied and written from a snapshot of itself.
        if (source.DatabaseName == target.DatabaseName || await source.Database.IdentifyAsync(ct) == await target.Database.IdentifyAsync(ct))
        {
            throw new MigrationException(
                source.DatabaseName == target.DatabaseName
                    ? $"the source and the target are the same database ({source.DatabaseName})"
                    : $"the source and the target are the same database ({source.DatabaseName} and {target.DatabaseName} name it)");
        }

        await CheckSourceAsync(ct);
        var (run, resumed) = await OpenTargetAsync(ct);
        var blobs = await CopyListedBlobsAsync(ct);
        var tables = await CopyTablesAsync(run, blobs, ct);
        return new MigrationReport(resumed, blobs.Copied, blobs.BytesCopied, blobs.Present, tables, time.GetElapsedTime(started));
    }

    private async Task CheckSourceAsync(CancellationToken ct)
    {
        var latest = SchemaMigrator.LatestVersion;
        switch (await SchemaMigrator.FindVersionAsync(source.Database, ct))
        {
            case null:
                throw new MigrationException($"the source {source.DatabaseName} holds no Wharf registry (it has no schema_migrations table)");
            case { } version when version < latest:
                throw new MigrationException(
                    $"the source's schema is at version {version} and this wharf's at {latest}: upgrade the source first by starting this " +
                    "wharf's `wharf serve` on it once (it migrates the schema at start-up), then run migrate again");
            case { } version when version > latest:
                throw new MigrationException(
                    $"the source's schema is at version {version}, newer than this wharf's ({latest}): migrate with the wharf that wrote it");
        }

        if (await MigrateRuns.FindUnfinishedAsync(source.Database, ct) is { } unfinished)
        {
            throw new MigrationException(
                $"the source is itself an unfinished copy from {unfinished.Source} (begun {When(unfinished.StartedAt)}): finish that migrate first");
        }
    }

    /// <summary>Brings the target's schema up, decides whether it may be written, and returns the open run: the
    /// unfinished one from this source, or a new one.</summary>
    private async Task<(MigrateRun Run, bool Resumed)> OpenTargetAsync(CancellationToken ct)
    {
        if (await SchemaMigrator.FindVersionAsync(target.Database, ct) is { } version && version > SchemaMigrator.LatestVersion)
        {
            throw new MigrationException(
                $"the target's schema is at version {version}, newer than this wharf's ({SchemaMigrator.LatestVersion}): migrate with a wharf of that version");
        }

        await SchemaMigrator.MigrateAsync(target.Database, ct);
        var latest = await MigrateRuns.FindLatestAsync(target.Database, ct);
        if (latest is { CompletedAt: null } && latest.Source == source.Name)
        {
            progress.Note($"continuing the unfinished copy begun {When(latest.StartedAt)}");
            return (latest, true);
        }

        if (!options.Overwrite)
        {
            if (latest is { CompletedAt: null })
            {
                throw new MigrationException(
                    $"the target holds an unfinished copy from {latest.Source} (begun {When(latest.StartedAt)}): finish it by migrating from there " +
                    "again, or pass --overwrite to replace it");
            }

            var held = await CountTargetRowsAsync(ct);
            if (held.Count > 0)
            {
                var copied = latest is { CompletedAt: { } at } ? $", copied from {latest.Source} at {When(at)}" : "";
                throw new MigrationException(
                    $"the target is not empty: it holds {string.Join(", ", held.Select(t => $"{t.Table} ({t.Rows})"))}{copied}; " +
                    "pass --overwrite to replace it with the source's registry");
            }
        }

        return (await MigrateRuns.BeginAsync(target.Database, source.Name, time.GetUtcNow(), ct), false);
    }

    /// <summary>The carried tables that have rows in the target, with their counts.</summary>
    private async Task<List<TableReport>> CountTargetRowsAsync(CancellationToken ct)
    {
        await using var connection = await target.Database.OpenAsync(ct);
        var held = new List<TableReport>();
        foreach (var table in RegistryTables.Carried)
        {
            var rows = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table.Name}");
            if (rows > 0)
            {
                held.Add(new TableReport(table.Name, rows));
            }
        }

        return held;
    }

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
