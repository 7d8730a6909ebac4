using Wharf.Registry.Migrate;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>How <c>wharf migrate</c> reports on a terminal: bars as <c>wharf copy</c> draws them (the blobs and the
/// tables, both left complete in the last frame) on stderr, and the summary on stdout.</summary>
public sealed class MigrateProgressTests : IDisposable
{
    private readonly string _source = Directory.CreateTempSubdirectory("wharf-migrate-bars-").FullName;
    private readonly string _target = Directory.CreateTempSubdirectory("wharf-migrate-bars-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_a_terminal_migrate_draws_bars_for_the_blobs_and_the_tables_then_prints_a_summary()
    {
        await using (var server = await WharfServer.StartAsync(_source))
        {
            await new OciTestClient(server.Client).PushImageAsync("bars/app", "1");
        }

        var dll = await WharfProcess.EnsureCliBuiltAsync(Ct);
        // script(1) runs the command on a pseudo-terminal, as a person at a shell would.
        var command = $"dotnet '{dll}' migrate --from '{_source}' --to '{_target}'";
        var result = await ExternalTool.RunAsync("script", ["-qec", command, "/dev/null"], new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLUMNS"] = "120" }, ct: Ct);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("━", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("blobs (2 copied, 0 already there)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{RegistryTables.Carried.Count}/{RegistryTables.Carried.Count}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("blobs: 2 copied", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("audit_events", result.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_source, recursive: true);
        Directory.Delete(_target, recursive: true);
    }
}
