using Wharf.Server.Tests.Client;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf login</c> and <c>docker login</c> share one config.json both ways, against a registry that
/// requires credentials (CNCF Distribution with htpasswd).</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class CredentialsSharedWithDockerTests(DockerEngine docker, HtpasswdDistributionFixture distribution)
    : IClassFixture<HtpasswdDistributionFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Docker_uses_what_wharf_login_stored_and_wharf_uses_what_docker_login_stored()
    {
        var host = distribution.Registry.HostPort;
        var config = docker.NewDirectory("shared-config");
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = docker.Host, ["DOCKER_CONFIG"] = config };
        var image = $"{host}/shared/busybox:1";

        // wharf login → docker push and pull with those credentials.
        (await WharfCli.RunAsync(["login", host, "-u", HtpasswdDistributionFixture.User, "--password-stdin"], environment, HtpasswdDistributionFixture.Password, Ct)).EnsureSuccess();
        await DockerOkAsync(environment, ["tag", DockerEngine.BaseImage, image]);
        await DockerOkAsync(environment, ["push", image]);
        await DockerOkAsync(environment, ["rmi", image]);
        await DockerOkAsync(environment, ["pull", image]);

        // docker logout → wharf is refused; docker login → wharf lists the tags.
        await DockerOkAsync(environment, ["logout", host]);
        var refused = await WharfCli.RunAsync(["tags", $"{host}/shared/busybox"], environment, ct: Ct);
        await DockerOkAsync(environment, ["login", host, "-u", HtpasswdDistributionFixture.User, "--password-stdin"], HtpasswdDistributionFixture.Password);
        var tags = await WharfCli.RunAsync(["tags", $"{host}/shared/busybox"], environment, ct: Ct);

        Assert.Equal(1, refused.ExitCode);
        Assert.True(tags.ExitCode == 0, tags.Describe());
        Assert.Equal("1\n", tags.StandardOutput);
        await DockerOkAsync(environment, ["rmi", image]);
    }

    private static async Task DockerOkAsync(IReadOnlyDictionary<string, string> environment, string[] arguments, string? input = null)
    {
        if (input is null)
        {
            (await ExternalTool.RunAsync("docker", arguments, environment, ct: Ct)).EnsureSuccess();
            return;
        }

        // docker login --password-stdin: the password on standard input, through a shell pipe.
        var command = "printf '%s' \"$WHARF_TEST_PASSWORD\" | docker " + string.Join(' ', arguments);
        var withPassword = new Dictionary<string, string>(environment) { ["WHARF_TEST_PASSWORD"] = input };
        (await ExternalTool.RunAsync("bash", ["-c", command], withPassword, ct: Ct)).EnsureSuccess();
    }
}
