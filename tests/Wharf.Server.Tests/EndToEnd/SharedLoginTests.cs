using System.Text.Json.Nodes;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>One machine, several clients, one account (decision 012): docker, podman and skopeo share docker's
/// <c>config.json</c>, and what docker stores must not lock the others out; containerd's <c>ctr</c> and docker say so
/// when logins are paused rather than calling the right password wrong.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class SharedLoginTests(DockerEngine docker)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_docker_login_podman_and_skopeo_log_in_to_the_same_host_and_push_with_the_stored_credentials()
    {
        ExternalTool.Require("podman");
        ExternalTool.Require("skopeo");
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        var host = $"localhost:{registry.Server.BaseAddress.Port}";
        var home = docker.NewDirectory("home");
        var dockerConfig = Path.Combine(home, ".docker");
        using var storage = new ContainerStorage(home);

        (await docker.DockerAsync(["--config", dockerConfig, "login", "-u", "alice", "-p", GatedRegistry.Password, host], Ct)).EnsureSuccess();
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dockerConfig, "config.json"), Ct))!["auths"]![host]!;
        (await docker.DockerAsync(["--config", dockerConfig, "tag", DockerEngine.BaseImage, $"{host}/alice/app:1"], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["--config", dockerConfig, "push", $"{host}/alice/app:1"], Ct)).EnsureSuccess();

        // podman 4.3 and skopeo 1.9 refuse to log in over an identity token ("currently logged in, auth file contains
        // an Identity token"): docker must have stored its credentials instead, as it does for Docker Hub and Harbor.
        Assert.Null(stored["identitytoken"]);
        Assert.NotNull(stored["auth"]);
        var podmanLogin = (await storage.PodmanAsync(["login", "--tls-verify=false", "-u", "alice", "-p", GatedRegistry.Password, host], Ct)).EnsureSuccess();
        var skopeoLogin = (await SkopeoAsync(storage, ["login", "--tls-verify=false", "-u", "alice", "-p", GatedRegistry.Password, host])).EnsureSuccess();
        Assert.Contains("Login Succeeded", podmanLogin.Output, StringComparison.Ordinal);
        Assert.Contains("Login Succeeded", skopeoLogin.Output, StringComparison.Ordinal);

        (await storage.PodmanAsync(["pull", "--tls-verify=false", $"{host}/alice/app:1"], Ct)).EnsureSuccess();
        (await storage.PodmanAsync(["push", "--tls-verify=false", $"{host}/alice/app:1", $"docker://{host}/alice/podman:1"], Ct)).EnsureSuccess();
        (await SkopeoAsync(storage, ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{host}/alice/app:1", $"docker://{host}/alice/skopeo:1"])).EnsureSuccess();
        (await docker.DockerAsync(["--config", dockerConfig, "pull", $"{host}/alice/skopeo:1"], Ct)).EnsureSuccess();
    }

    [Fact]
    public async Task Ctr_spends_one_try_on_a_wrong_password_and_paused_logins_are_reported_as_paused_by_ctr_and_docker()
    {
        var ctr = ExternalTool.Require("ctr");
        await using var registry = await GatedRegistry.StartAsync(["alice"], new Dictionary<string, string?> { ["Auth:Credentials:MaxFailures"] = "2" });
        var host = $"localhost:{registry.Server.BaseAddress.Port}";
        var config = docker.NewDirectory("ctr-docker-config");
        Task<ToolResult> PullAsync(string password) => ExternalTool.RunAsync(
            ctr, ["--address", docker.ContainerdAddress, "--namespace", "wharf-tests", "images", "pull", "--plain-http", "--user", $"alice:{password}", $"{host}/alice/app:1"], ct: Ct);
        (await docker.DockerAsync(["--config", config, "login", "-u", "alice", "-p", GatedRegistry.Password, host], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["--config", config, "tag", DockerEngine.BaseImage, $"{host}/alice/app:1"], Ct)).EnsureSuccess();
        (await docker.DockerAsync(["--config", config, "push", $"{host}/alice/app:1"], Ct)).EnsureSuccess();

        // ctr sends the wrong password to the OAuth2 POST and again to the GET: one try of the two allowed, not both.
        var wrong = await PullAsync("not-her-password");
        Assert.NotEqual(0, wrong.ExitCode);
        (await PullAsync(GatedRegistry.Password)).EnsureSuccess();

        Assert.NotEqual(0, (await PullAsync("second-guess")).ExitCode);
        var paused = await PullAsync(GatedRegistry.Password);
        var dockerPaused = await docker.DockerAsync(["--config", docker.NewDirectory("ctr-paused"), "login", "-u", "alice", "-p", GatedRegistry.Password, host], Ct);

        Assert.NotEqual(0, paused.ExitCode);
        Assert.Contains("429 Too Many Requests: logins paused after failed attempts, retry in", paused.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, dockerPaused.ExitCode);
        Assert.Contains("toomanyrequests: too many failed logins for this account or address; logins are paused, try again in", dockerPaused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid username or password", paused.Output + dockerPaused.Output, StringComparison.Ordinal);
    }

    private static Task<ToolResult> SkopeoAsync(ContainerStorage storage, string[] arguments) =>
        ExternalTool.RunAsync("skopeo", ["--insecure-policy", .. arguments], storage.Environment, ct: Ct);
}
