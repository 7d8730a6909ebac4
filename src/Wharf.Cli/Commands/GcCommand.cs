using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wharf.Registry.Maintenance;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;
using Wharf.Server.Options;

namespace Wharf.Cli.Commands;

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
        var command = new Command("gc", "Delete blobs that no manifest, repository or upload references.") { grace };
        configuration.AddTo(command);
        command.SetAction((result, ct) => CommandRunner.RunAsync("gc", async () =>
        {
            await using var app = configuration.Build(result);
            await app.Services.GetRequiredService<IMetadataStore>().MigrateAsync(ct);
            await MigrateRuns.EnsureNoneUnfinishedAsync(app.Services.GetRequiredService<SqlDatabase>(), ct);
            var period = result.GetValue(grace) ?? app.Services.GetRequiredService<IOptions<GarbageCollectionOptions>>().Value.LinkGracePeriod;
            var report = await app.Services.GetRequiredService<GarbageCollector>().CollectAsync(period, ct);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"removed {report.LinksRemoved} unreferenced blob links and {report.BlobsDeleted} blobs, freeing {report.BytesFreed} bytes"));
            return 0;
        }));
        return command;
    }
}
