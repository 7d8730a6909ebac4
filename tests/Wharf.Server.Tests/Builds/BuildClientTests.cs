using Wharf.Cli.Api;
using Wharf.Oci.Client;

namespace Wharf.Server.Tests.Builds;

/// <summary>The CLI's client of the builds API (what <c>wharf build --server</c> calls) against a real server: the
/// context sent as a tar.gz with <c>.dockerignore</c> honoured, the log followed, the build read and cancelled.</summary>
public sealed class BuildClientTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-client-context-").FullName;

    private BuildsServer Builds => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_context_directory_is_sent_without_what_dockerignore_leaves_out_and_its_log_followed()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var context = Directory.CreateDirectory(Path.Combine(_directory, "context")).FullName;
        Write(context, "Dockerfile", "LOG from the client\nARG TOKEN");
        Write(context, ".dockerignore", "secret.txt\nlogs\n!logs/keep.log\n");
        Write(context, "secret.txt", "do not send");
        Write(context, "app/main.txt", "main");
        Write(context, "logs/debug.log", "noise");
        Write(context, "logs/keep.log", "kept");
        using var client = WharfApiClient.Connect(Builds.Api.Server.BaseAddress, new RegistryCredential(alice.Name, alice.Secret));

        var queued = await client.SubmitBuildAsync(
            new BuildSubmission($"{alice.Name}/app", ["client"]) { BuildArgs = new Dictionary<string, string> { ["TOKEN"] = "abc" } }, context, null, Ct);
        var lines = new List<string>();
        await client.FollowLogAsync(queued.Id, lines.Add, Ct);
        var build = await client.GetBuildAsync(queued.Id, Ct);

        Assert.Equal("succeeded", build.State);
        Assert.Contains("from the client", lines);
        Assert.Contains("TOKEN=abc", lines);
        var files = await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "client");
        Assert.Equal(["app/main.txt", "logs/keep.log"], files.Keys.Where(k => !k.StartsWith('.')).Order(StringComparer.Ordinal));
        Assert.Contains(".dockerignore", files.Keys);
        var canceled = await Assert.ThrowsAsync<WharfApiException>(() => client.CancelBuildAsync(queued.Id, Ct));
        Assert.Equal(409, canceled.Status);
        Assert.Contains(build.Id, (await client.ListBuildsAsync($"{alice.Name}/app", 10, Ct)).Select(b => b.Id));
    }

    [Fact]
    public async Task A_dockerfile_outside_the_context_is_sent_along()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var context = Directory.CreateDirectory(Path.Combine(_directory, "ctx")).FullName;
        Write(context, "data.txt", "data");
        Write(_directory, "build.Dockerfile", "LOG outside");
        using var client = WharfApiClient.Connect(Builds.Api.Server.BaseAddress, new RegistryCredential(alice.Name, alice.Secret));

        var queued = await client.SubmitBuildAsync(
            new BuildSubmission($"{alice.Name}/app", ["outside"]) { Dockerfile = Path.Combine(_directory, "build.Dockerfile"), NoCache = true }, context, null, Ct);
        await client.FollowLogAsync(queued.Id, _ => { }, Ct);

        Assert.Equal("succeeded", (await client.GetBuildAsync(queued.Id, Ct)).State);
        Assert.Equal(ContextTarball.OutsideDockerfileName, queued.Dockerfile);
        Assert.True(queued.NoCache);
    }

    [Fact]
    public async Task A_refusal_is_one_line_from_the_server()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var bob = await Builds.Api.NewUserAsync("bob");
        Write(_directory, "Dockerfile", "LOG x");
        using var client = WharfApiClient.Connect(Builds.Api.Server.BaseAddress, new RegistryCredential(bob.Name, bob.Secret));

        var refused = await Assert.ThrowsAsync<WharfApiException>(() => client.SubmitBuildAsync(new BuildSubmission($"{alice.Name}/app", []), _directory, null, Ct));

        Assert.Equal(403, refused.Status);
        Assert.Equal($"denied: building into '{alice.Name}/app' needs the right to push to it", refused.Message);
    }

    private static void Write(string root, string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
