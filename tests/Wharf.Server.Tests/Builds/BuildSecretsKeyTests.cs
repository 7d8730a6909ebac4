using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Registry.Metadata;
using Wharf.Registry.Storage;
using Wharf.Server.Builds;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Tests.Builds;

/// <summary>Build secrets need <c>Secrets:Key</c> where nodes share a PostgreSQL database: a server without it refuses
/// them (and nothing else), and a <c>wharf build-worker</c> machine without the same key fails such a build in one line,
/// while one given the key builds it.</summary>
public sealed class BuildSecretsKeyTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wharf-test-secret-key-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_server_without_a_key_refuses_secrets_and_still_takes_builds_without_them()
    {
        var connection = await cluster.CreateSchemaAsync(Ct);
        await using var server = await BuildsServer.StartAsync(
            new Dictionary<string, string?> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = connection, ["Builds:Workers"] = "0" }, _data);
        var alice = await server.Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG x"));
        var git = new JsonObject
        {
            ["repository"] = $"{alice.Name}/app",
            ["git"] = new JsonObject { ["url"] = "file:///srv/repo.git" },
            ["secrets"] = new JsonObject { ["token"] = Convert.ToBase64String("s3cr3t"u8) },
        };

        var (status, body, response) = await server.PostPartsAsync(alice, $"repository={alice.Name}/app", ("secret:token", "s3cr3t"u8.ToArray()), ("context", context));
        response.Dispose();
        var json = await server.Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", alice, HttpStatusCode.Conflict, git.ToJsonString());
        var plain = await server.SubmitAsync(alice, context, $"repository={alice.Name}/app");

        const string Missing = "this server keeps no key to seal build secrets with: set Secrets:Key (base64 of 32 bytes, the same on every node and build worker sharing the database)";
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(Missing, JsonNode.Parse(body)!["detail"]!.GetValue<string>());
        Assert.Equal(Missing, JsonNode.Parse(json)!["detail"]!.GetValue<string>());
        Assert.Equal([plain], (await server.Api.JsonAsync(HttpMethod.Get, $"/api/v1/builds?repository={alice.Name}/app", alice, null)).AsArray().Select(b => b!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_worker_machine_without_the_servers_key_fails_the_build_in_one_line_and_one_with_it_builds()
    {
        var connection = await cluster.CreateSchemaAsync(Ct);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var server = await BuildsServer.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = connection, ["Builds:Workers"] = "0", ["Secrets:Key"] = key,
        }, _data);
        var alice = await server.Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "SECRET token"));

        var failed = await BuildOnMachineAsync(server, alice, context, "keyless", new SecretsOptions(), connection);
        var built = await BuildOnMachineAsync(server, alice, context, "keyed", new SecretsOptions { Key = key }, connection);
        var otherKey = await BuildOnMachineAsync(
            server, alice, context, "other-key", new SecretsOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, connection);

        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        Assert.Equal(
            "worker keyless-1 cannot open the build's secrets (secret token): every node and build worker sharing the database needs the same Secrets:Key",
            failed["error"]!.GetValue<string>());
        Assert.Equal(0, await server.SealedSecretsAsync(failed["id"]!.GetValue<long>()));
        Assert.Equal("succeeded", built["state"]!.GetValue<string>());
        var files = await PushedImage.FilesAsync(server.Api.Server.Services, $"{alice.Name}/app", "keyed");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("s3cr3t"u8)), files["secret-token.sha256"]);
        Assert.Equal("failed", otherKey["state"]!.GetValue<string>());
        Assert.StartsWith("worker other-key-1 cannot open the build's secrets", otherKey["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Queues a build with the secret <c>token</c>, tagged <paramref name="machine"/>, and runs one worker machine
    /// with <paramref name="secrets"/> until it has ended; the build as it ended.</summary>
    private async Task<JsonNode> BuildOnMachineAsync(
        BuildsServer server, Api.Accounts.ApiLogin who, byte[] context, string machine, SecretsOptions secrets, string connection)
    {
        var (status, body, response) = await server.PostPartsAsync(
            who, $"repository={who.Name}/app&tag={machine}", ("secret:token", Encoding.UTF8.GetBytes("s3cr3t")), ("context", context));
        response.Dispose();
        Assert.True(status == HttpStatusCode.Accepted, body);
        var id = JsonNode.Parse(body)!["id"]!.GetValue<long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = RunMachineAsync(machine, secrets, connection, stop.Token);
        var ended = await server.WaitAsync(who, id);
        await stop.CancelAsync();
        await running;
        return ended;
    }

    /// <summary>One machine's worker until <paramref name="stopping"/>, as <c>wharf build-worker</c> composes it.</summary>
    private async Task RunMachineAsync(string name, SecretsOptions secrets, string connection, CancellationToken stopping)
    {
        await using var database = SqlDatabase.Postgres(connection);
        var state = Directory.CreateDirectory(Path.Combine(_data, name)).FullName;
        var keys = new SecretKeys(secrets, new StorageOptions { DataDirectory = _data }, new DatabaseOptions { Provider = "postgres" });
        var services = OfflineBuildWorkers.Compose(
            database, new FileSystemBlobStore(_data), new ContextTarballBuilder(state), new AuthOptions { Enabled = false }, keys, TimeProvider.System);
        var options = new BuildsOptions { Workers = 1, PollInterval = TimeSpan.FromMilliseconds(100), LeaseDuration = TimeSpan.FromSeconds(5) };
        await new BuildWorkerPool(services, new BuildWorkerSettings(options, state, name), NullLoggerFactory.Instance).RunAsync(stopping);
    }
}
