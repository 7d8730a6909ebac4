using System.CommandLine;
using Microsoft.Extensions.Logging;
using Wharf.Registry.Metadata;
using Wharf.Registry.Migrate;
using Wharf.Server;
using Wharf.Server.Builds;
using Wharf.Server.Triggers;

namespace Wharf.Server.Cli.Commands;

/// <summary><c>wharf build-worker</c>: runs build workers on this machine against a registry's shared database and blob
/// store (PostgreSQL and S3 when the registry has several nodes), without a web host: builds queued through any node
/// are claimed here under a lease (decision 017), so a machine that dies loses nothing but time. Stops on Ctrl-C or
/// SIGTERM, giving its running builds back to the queue.</summary>
internal static class BuildWorkerCommand
{
    public static Command Create()
    {
        var workers = new Option<int?>("--workers") { Description = "Builds to run at once (default: Builds:Workers, 1)." };
        var workerId = new Option<string?>("--worker-id")
        {
            Description = "The name these workers go by in the queue and the logs, NAME-1, NAME-2… (default: host, process id and a random part).",
        };
        var configuration = new ServerConfiguration();
        var command = new Command("build-worker", ServerCommands.Description("build-worker")) { workers, workerId };
        configuration.AddTo(command);
        command.SetAction((result, ct) => CommandRunner.RunAsync("build-worker", async () =>
        {
            var settings = configuration.Load(result);
            if (settings.Storage.Backend == "memory")
            {
                throw new ArgumentException("the memory blob store is not shared with the registry's nodes: a build worker needs its filesystem or S3 store");
            }

            var options = settings.Builds;
            options.Workers = result.GetValue(workers) ?? Math.Max(1, options.Workers);
            if (options.Workers is < 1 or > 64)
            {
                throw new ArgumentException("--workers must be from 1 to 64");
            }

            await using var database = RegistryBackends.CreateDatabase(settings.Database, settings.Storage);
            await SchemaMigrator.MigrateAsync(database, ct);
            await MigrateRuns.EnsureNoneUnfinishedAsync(database, ct);
            var prefix = result.GetValue(workerId) is { Length: > 0 } name ? name : BuildWorkerSettings.NewPrefix();
            var workerSettings = new BuildWorkerSettings(options, options.DirectoryUnder(settings.Storage.DataDirectory), prefix);
            var services = OfflineBuildWorkers.Compose(
                database,
                RegistryBackends.CreateBlobStore(settings.Storage, TimeProvider.System),
                BuilderFactory.Create(workerSettings.StateDirectory, options),
                settings.Auth,
                new SecretKeys(settings.Secrets, settings.Storage, settings.Database),
                TimeProvider.System,
                settings.GitPull);
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            using var signals = new InterruptSignals(ct);
            Console.WriteLine(
                $"build-worker: {options.Workers} workers ({prefix}-1…) on {RegistryBackends.DescribeDatabase(settings.Database, settings.Storage)} and {RegistryBackends.DescribeBlobStore(settings.Storage)}");
            await new BuildWorkerPool(services, workerSettings, loggers).RunAsync(signals.Token);
            Console.WriteLine("build-worker: stopped");
            return 0;
        }, ServerErrors.Describe));
        return command;
    }
}
