using System.CommandLine;
using System.Text.Json.Nodes;
using Wharf.Server.Cli.Output;
using Wharf.Registry.Migrate;

namespace Wharf.Server.Cli.Commands;

/// <summary><c>wharf migrate</c>: copies a whole registry between the embedded default (a data directory) and
/// PostgreSQL + S3, either way, or between any two configurations (decision 014). Composes what it needs from the two
/// ends' settings (<see cref="MigrateEndOptions"/>) and <see cref="RegistryMigrator"/>; no web host.</summary>
internal static class MigrateCommand
{
    private const string Description = """
        Copy a whole registry to another place: between the embedded default (a data directory) and PostgreSQL + S3,
        either way, or between any two configurations. Every blob is re-verified against its digest while it is copied.
          Carried, with their ids: repositories, blob links, manifests, tags, referrers, accounts, organisations, teams,
        robots, grants, visibility, access tokens (hashed), signing keys (tokens signed before stay valid), the audit log.
          Not carried: uploads in progress (their clients push those blobs again) and login-throttle counters.
          Interrupted, it continues when run again with the same arguments, skipping the blobs already copied; until it
        has finished, `wharf serve` refuses the target. A target that already holds a registry is refused unless
        --overwrite.
          The source is only read; a source still serving may take writes the copy misses: stop it first, or run again
        with --overwrite (only new blobs are copied).
          A configuration file's secrets may come from WHARF_FROM_Section__Key and WHARF_TO_Section__Key environment
        variables (WHARF_TO_Database__ConnectionString); plain WHARF_ ones are ignored here.
        """;

    public static Command Create()
    {
        var from = new MigrateEndOptions("from", "source");
        var to = new MigrateEndOptions("to", "target");
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Write into a target that already holds a registry (or another source's unfinished copy): its " +
                "repositories, accounts and everything else are replaced by the source's; blobs already there are reused.",
        };
        var concurrency = new Option<int>("--concurrency") { Description = "Blobs copied at once.", DefaultValueFactory = _ => 3 };
        var quiet = CommonOptions.Quiet();
        var json = CommonOptions.Json();
        var command = new Command("migrate", Description);
        from.AddTo(command);
        to.AddTo(command);
        command.Options.Add(overwrite);
        command.Options.Add(concurrency);
        command.Options.Add(quiet);
        command.Options.Add(json);
        command.SetAction((result, ct) => CommandRunner.RunAsync("migrate", async () =>
        {
            using var signals = new InterruptSignals(ct);
            var time = TimeProvider.System;
            var source = from.Open(result, readOnly: true, time);
            await using var sourceDatabase = source.Database;
            var target = to.Open(result, readOnly: false, time);
            await using var targetDatabase = target.Database;
            var options = new MigrationOptions { Overwrite = result.GetValue(overwrite), Concurrency = Math.Clamp(result.GetValue(concurrency), 1, 16) };
            var mode = CommonOptions.Mode(result, quiet, json);

            var report = mode != OutputMode.Normal ? await new RegistryMigrator(source, target, options, new MigrationLines(TextWriter.Null), time).RunAsync(signals.Token)
                : Console.IsErrorRedirected ? await new RegistryMigrator(source, target, options, new MigrationLines(Console.Error), time).RunAsync(signals.Token)
                : await MigrationBars.RunAsync(progress => new RegistryMigrator(source, target, options, progress, time).RunAsync(signals.Token));

            switch (mode)
            {
                case OutputMode.Json:
                    JsonOutput.Write(new JsonObject
                    {
                        ["source"] = source.Name,
                        ["target"] = target.Name,
                        ["resumed"] = report.Resumed,
                        ["blobsCopied"] = report.BlobsCopied,
                        ["bytesCopied"] = report.BytesCopied,
                        ["blobsPresent"] = report.BlobsPresent,
                        ["tables"] = new JsonObject(report.Tables.Select(t => KeyValuePair.Create(t.Table, (JsonNode?)t.Rows))),
                        ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 3),
                    });
                    break;
                case OutputMode.Normal:
                    MigrationSummary.Write(Console.Out, source, target, report);
                    break;
            }

            return 0;
        }, ServerErrors.Describe));
        return command;
    }
}
