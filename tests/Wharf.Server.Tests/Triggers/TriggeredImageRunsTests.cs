using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Issue 10 end to end with nothing stood in: a trigger on a private repository of a real git host (with the
/// host's token as its credential), a generic webhook push, the server's own runc builder building the pushed commit
/// and pushing <c>latest</c>, and the real docker pulling and running it — printing what the Dockerfile's RUN wrote with
/// the Docker Hub variables the push did not carry, filled from the commit.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class TriggeredImageRunsTests(DockerEngine docker) : IAsyncLifetime
{
    private const string Token = "e2e-token-for-the-private-remote";
    private readonly string _root = Directory.CreateTempSubdirectory("wharf-test-triggered-e2e-").FullName;
    private BuildsServer? _server;
    private GitHttpServer? _git;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BuildsServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _git = await GitHttpServer.StartAsync(_root, Token);
        _server = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:GitProtocols:1"] = "http" }, runcBuilder: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_git is not null)
        {
            await _git.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_pushed_commit_is_built_by_the_trigger_and_docker_pulls_and_runs_it()
    {
        var alice = await Server.Api.NewUserAsync("alice");
        var repository = new TestGitRepository(Path.Combine(_root, "team", "app"));
        File.Copy(BusyboxImage.RequireStaticBusybox(), Path.Combine(repository.Directory, "busybox"));
        var commit = await repository.CommitAsync("the first push", ("Dockerfile", """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "--install", "-s", "/bin"]
            ARG SOURCE_COMMIT
            ARG COMMIT_MSG
            RUN echo "built from $SOURCE_COMMIT: $COMMIT_MSG" > /built.txt
            CMD ["cat", "/built.txt"]
            """));
        var body = new JsonObject
        {
            ["repository"] = $"{alice.Name}/app",
            ["gitUrl"] = _git!.RepositoryUrl("team/app"),
            ["rules"] = JsonNode.Parse("""[{"kind":"branch","source":"main","tag":"latest"}]"""),
            ["credential"] = new JsonObject { ["token"] = Token },
        };
        var created = await Server.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice, body.ToJsonString(), HttpStatusCode.Created);
        var trigger = created["trigger"]!["id"]!.GetValue<long>();

        using var push = await Server.Api.Server.Client.SendAsync(
            WebhookDeliveries.Generic($"/api/v1/triggers/{trigger}/webhook", created["webhookSecret"]!.GetValue<string>(), "refs/heads/main"), Ct);
        var answer = JsonNode.Parse(await push.Content.ReadAsStringAsync(Ct))!;
        Assert.True(push.StatusCode == HttpStatusCode.Accepted, answer.ToJsonString());
        var build = answer["builds"]![0]!["buildId"]!.GetValue<long>();
        var ended = await Server.WaitAsync(alice, build);
        Assert.True(ended["state"]!.GetValue<string>() == "succeeded", $"{ended}\n{await Server.LogAsync(alice, build)}");

        var image = $"localhost:{Server.Api.Server.BaseAddress.Port}/{alice.Name}/app:latest";
        var config = docker.NewDirectory("triggered-config");
        (await docker.DockerAsync(["--config", config, "login", "-u", alice.Name, "-p", alice.Secret, image.Split('/')[0]], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["--config", config, "pull", image], Ct)).EnsureSuccess();
        var run = (await docker.DockerAsync(["--config", config, "run", "--rm", "--network", "none", image], Ct)).EnsureSuccess();
        await docker.DockerAsync(["rmi", image], Ct);

        Assert.Equal($"built from {commit}: the first push", run.StandardOutput.Trim());
        Assert.Equal(commit, ended["git"]!["commit"]!.GetValue<string>());
        Assert.Equal(ended["manifestDigest"]!.GetValue<string>(), (await PushedImage.TagAsync(Server.Api.Server.Services, $"{alice.Name}/app", "latest")).ToString());
    }
}
