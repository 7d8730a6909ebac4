using System.CommandLine;
using System.Globalization;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;
using Wharf.Server;

namespace Wharf.Server.Cli.Commands;

/// <summary><c>wharf gc</c>: removes unreferenced blobs from Wharf's storage now. Safe while servers are running
/// on the same storage (decision 005), so there is no read-only mode to enter first.</summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var grace = new Option<TimeSpan?>("--link-grace")
        {
            Description = "Keep blob links no manifest names for this long, e.g. 1.00:00:00 (default: GarbageCollection:LinkGracePeriod, 24 h).",
        };
        var configuration = new ServerConfiguration();
        var command = new Command("gc", ServerCommands.Description("gc")) { grace };
        configuration.AddTo(command);
        command.SetAction((result, ct) => CommandRunner.RunAsync("gc", async () =>
        {
            var settings = configuration.Load(result);
            await using var database = RegistryBackends.CreateDatabase(settings.Database, settings.Storage);
            var metadata = new SqlMetadataStore(database, TimeProvider.System);
            await metadata.MigrateAsync(ct);
            await MigrateRuns.EnsureNoneUnfinishedAsync(database, ct);
            var collector = new GarbageCollector(
                RegistryBackends.CreateBlobStore(settings.Storage, TimeProvider.System), metadata, TimeProvider.System, new SqlGarbageCollectionLog(database));
            var report = await collector.CollectAsync(result.GetValue(grace) ?? settings.GarbageCollection.LinkGracePeriod, ct);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"removed {report.LinksRemoved} unreferenced blob links and {report.BlobsDeleted} blobs, freeing {report.BytesFreed} bytes"));
            return 0;
        }, ServerErrors.Describe));
        return command;
    }
}
