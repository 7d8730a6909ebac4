using Wharf.Server.Tests.Infrastructure;
using static Wharf.Server.Tests.Cli.Migrate.MigrateEnds;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>The round trip, with real processes: an embedded registry (filesystem + SQLite) moved by
/// <c>wharf migrate</c> to PostgreSQL + Ceph S3 and back to a new data directory. After each leg every carried table
/// holds the same rows, and a <c>wharf serve</c> on the copy serves the same manifests and blobs byte for byte, logs
/// the same people in with their old passwords, tokens and robot secrets, accepts a token signed before the move, and
/// takes new pushes.</summary>
public sealed class MigrateRoundTripTests(PostgresCluster cluster, CephFixture ceph) : IDisposable
{
    private readonly List<string> _directories = [];

    [Fact]
    public async Task An_embedded_registry_moved_to_PostgreSQL_and_S3_and_back_serves_the_same_content_and_credentials()
    {
        var source = NewDirectory();
        var sample = await SampleRegistry.CreateAsync(source);
        var postgres = await PostgresS3End.CreateAsync(cluster, ceph, GetType(), NewDirectory());
        var blobs = CountBlobs(source);

        var there = await MigratedAsync(postgres.Secrets("WHARF_TO_"), "--from", source, "--to-config", postgres.ConfigFile);

        Assert.Contains($"blobs: {blobs} copied", there.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("table access_tokens: 2 rows", there.StandardError, StringComparison.Ordinal); // a PAT and the robot's secret
        Assert.Equal(blobs, (await postgres.ListKeysAsync("blobs/")).Count);
        Assert.Empty(await postgres.ListKeysAsync("uploads/"));
        await AssertSameRowsAsync(Embedded(source), postgres.OpenDatabase());
        await using (var served = await ServeAsync(postgres, NewDirectory()))
        {
            await sample.AssertServedAsync(served.BaseAddress, "alice/pushed-to-postgres");
        }

        var back = NewDirectory();
        var again = await MigratedAsync(postgres.Secrets("WHARF_FROM_"), "--from-config", postgres.ConfigFile, "--to", back);

        // The robot's layer and the new repository's config and layer came on top.
        Assert.Contains($"blobs: {blobs + 3} copied", again.StandardOutput, StringComparison.Ordinal);
        await AssertSameRowsAsync(postgres.OpenDatabase(), Embedded(back));
        await using (var served = await ServeAsync(back))
        {
            await sample.AssertServedAsync(served.BaseAddress, "alice/pushed-to-sqlite");
        }
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string NewDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-migrate-").FullName;
        _directories.Add(directory);
        return directory;
    }
}
