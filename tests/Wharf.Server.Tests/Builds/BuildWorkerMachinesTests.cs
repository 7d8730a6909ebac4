using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Server.Builds;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Tests.Builds;

/// <summary>Build workers on other machines, as <c>wharf build-worker</c> runs them: no web host, the registry services
/// composed over the shared PostgreSQL database and blob store (<see cref="OfflineBuildWorkers"/>). Two such machines
/// take builds from one queue that a server with no workers of its own filled, and no build runs twice.</summary>
public sealed class BuildWorkerMachinesTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wharf-test-machines-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Two_worker_machines_share_one_queue_and_never_run_a_build_twice()
    {
        var connection = await cluster.CreateSchemaAsync(Ct);
        var shared = new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = connection, ["Builds:Workers"] = "0" };
        await using var server = await BuildsServer.StartAsync(shared, _data);
        var alice = await server.Api.NewUserAsync("alice");
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await server.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", $"LOG build {i}\nSLEEP 300"), ("n", $"{i}")), $"repository={alice.Name}/app&tag=t{i}"));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var machines = new[] { "machine-a", "machine-b" }.Select(name => RunMachineAsync(name, connection, stop.Token)).ToList();
        var builds = new List<System.Text.Json.Nodes.JsonNode>();
        foreach (var id in ids)
        {
            builds.Add(await server.WaitAsync(alice, id));
        }

        await stop.CancelAsync();
        await Task.WhenAll(machines);

        Assert.All(builds, b => Assert.Equal("succeeded", b["state"]!.GetValue<string>()));
        Assert.All(builds, b => Assert.Equal(1, b["attempts"]!.GetValue<int>()));
        var workers = builds.Select(b => b["workerId"]!.GetValue<string>()).ToList();
        Assert.Contains(workers, w => w.StartsWith("machine-a-", StringComparison.Ordinal));
        Assert.Contains(workers, w => w.StartsWith("machine-b-", StringComparison.Ordinal));
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal($"{i}", (await PushedImage.FilesAsync(server.Api.Server.Services, $"{alice.Name}/app", $"t{i}"))["n"]);
        }
    }

    /// <summary>One machine's workers until <paramref name="stopping"/>: its own database pool, blob store and builder.</summary>
    private async Task RunMachineAsync(string name, string connection, CancellationToken stopping)
    {
        await using var database = SqlDatabase.Postgres(connection);
        var state = Path.Combine(_data, name);
        var keys = new SecretKeys(new SecretsOptions(), new StorageOptions { DataDirectory = _data }, new DatabaseOptions { Provider = "postgres" });
        var services = OfflineBuildWorkers.Compose(
            database, new FileSystemBlobStore(_data), new ContextTarballBuilder(Directory.CreateDirectory(state).FullName), new AuthOptions { Enabled = false }, keys, TimeProvider.System);
        var options = new BuildsOptions { Workers = 1, PollInterval = TimeSpan.FromMilliseconds(100), LeaseDuration = TimeSpan.FromSeconds(5) };
        await new BuildWorkerPool(services, new BuildWorkerSettings(options, state, name), NullLoggerFactory.Instance).RunAsync(stopping);
    }
}
