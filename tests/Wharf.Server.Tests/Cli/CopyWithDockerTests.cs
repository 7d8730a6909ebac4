using Wharf.Server.Tests.Client;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf copy</c> between what docker makes and reads (<c>docker save</c>/<c>docker load</c>) and a registry
/// docker pulls from (Wharf, and CNCF Distribution), with the real engine on both ends.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed class CopyWithDockerTests(DockerEngine docker) : IAsyncLifetime
{
    private WharfServer? _wharf;
    private DistributionRegistry? _distribution;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _wharf = await WharfServer.StartAsync();
        _distribution = await DistributionRegistry.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_wharf is not null)
        {
            await _wharf.DisposeAsync();
        }

        if (_distribution is not null)
        {
            await _distribution.DisposeAsync();
        }
    }

    /// <summary>localhost:PORT: Docker treats loopback registries as plain HTTP.</summary>
    private string Registry(string kind) => $"localhost:{(kind == "wharf" ? _wharf!.BaseAddress.Port : _distribution!.Port)}";

    [Theory]
    [InlineData("wharf")]
    [InlineData("distribution")]
    public async Task A_docker_save_archive_copied_into_the_registry_is_pulled_and_run_by_docker(string registry)
    {
        var saved = await SavedImage.BuildAsync(docker, "saved", Ct);
        var target = $"{Registry(registry)}/team/saved:1";

        var copy = await WharfCli.RunAsync(["copy", $"docker-archive:{saved.Archive}", $"docker://{target}"], ct: Ct);
        Assert.True(copy.ExitCode == 0, copy.Describe());
        await DockerOkAsync(["rmi", saved.Tag]);
        await DockerOkAsync(["pull", target]);
        var run = await DockerOkAsync(["run", "--rm", "--network", "none", target]);

        Assert.Equal(saved.Output, run.StandardOutput.Trim());
        Assert.Contains($"{target} sha256:", copy.StandardOutput, StringComparison.Ordinal);
        await DockerOkAsync(["rmi", target]);
    }

    [Theory]
    [InlineData("wharf")]
    [InlineData("distribution")]
    public async Task An_image_copied_from_the_registry_to_a_docker_archive_is_loaded_and_run_by_docker(string registry)
    {
        var saved = await SavedImage.BuildAsync(docker, "pushed", Ct);
        var pushed = $"{Registry(registry)}/team/pushed:1";
        await DockerOkAsync(["tag", saved.Tag, pushed]);
        await DockerOkAsync(["push", pushed]);
        await DockerOkAsync(["rmi", saved.Tag, pushed]);
        var archive = Path.Combine(docker.NewDirectory("loaded"), "out.tar");

        var copy = await WharfCli.RunAsync(["copy", "--quiet", $"{pushed}", $"docker-archive:{archive}:wharf-e2e/loaded:1"], ct: Ct);
        Assert.True(copy.ExitCode == 0, copy.Describe());
        var load = await DockerOkAsync(["load", "-i", archive]);
        var run = await DockerOkAsync(["run", "--rm", "--network", "none", "wharf-e2e/loaded:1"]);

        Assert.Equal("", copy.Output);
        Assert.Contains("wharf-e2e/loaded:1", load.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(saved.Output, run.StandardOutput.Trim());
        await DockerOkAsync(["rmi", "wharf-e2e/loaded:1"]);
    }

    private async Task<ToolResult> DockerOkAsync(string[] arguments) => (await docker.DockerAsync(arguments, Ct)).EnsureSuccess();
}
