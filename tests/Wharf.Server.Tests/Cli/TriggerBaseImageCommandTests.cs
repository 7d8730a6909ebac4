using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf trigger show</c> prints the base images a trigger's refs are rebuilt on, as its builds read them from
/// this registry; <c>wharf trigger create --no-base-image-rebuild</c> makes one that is not rebuilt when they move.</summary>
public sealed class TriggerBaseImageCommandTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-trigger-base-cli-").FullName;

    private BuildsServer Builds => fixture.Server;

    private string Host => Builds.Api.Server.HostPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _git.Dispose();
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task Trigger_show_prints_the_base_images_and_whether_a_move_rebuilds()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        CliAssert.Succeeded(await WharfAsync(["login", Host, "-u", alice.Name, "--password-stdin"], alice.Secret + "\n"));
        var based = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG a base")), $"repository={alice.Name}/base&tag=1");
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, based))["state"]!.GetValue<string>());
        var digest = (await PushedImage.TagAsync(Builds.Api.Server.Services, $"{alice.Name}/base", "1"))!.Value;
        await _git.CommitAsync("first", ("Dockerfile", $"FROM {Host}/{alice.Name}/base:1"));

        var created = CliAssert.Succeeded(await RunAsync("trigger", "create", $"{alice.Name}/app", "--git", _git.Url, "--rule", "branch main -> latest"));
        var optedOut = CliAssert.Succeeded(await RunAsync(
            "trigger", "create", $"{alice.Name}/pinned", "--git", _git.Url, "--rule", "branch main -> latest", "--no-base-image-rebuild"));
        var id = created.StandardOutput.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var optedOutId = optedOut.StandardOutput.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var before = CliAssert.Succeeded(await RunAsync("trigger", "show", id));
        CliAssert.Succeeded(await RunAsync("trigger", "run", id, "--ref", "main"));
        var build = (await Builds.Queue.ListAsync($"{alice.Name}/app", null, 1, Ct))[0];
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, build.Id))["state"]!.GetValue<string>());

        var shown = CliAssert.Succeeded(await RunAsync("trigger", "show", id));
        var other = CliAssert.Succeeded(await RunAsync("trigger", "show", optedOutId));

        Assert.Contains("base images:  rebuilt when one moves\n", before.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("base image:", before.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(
            $"base image:   {alice.Name}/base:1 (read as {digest.ToString()[..19]} by refs/heads/main -> latest)\n", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("base images:  not rebuilt when one moves\n", other.StandardOutput, StringComparison.Ordinal);
    }

    private Task<ToolResult> RunAsync(params string[] arguments) => WharfAsync([.. arguments, "--server", Host]);

    private Task<ToolResult> WharfAsync(string[] arguments, string? input = null) =>
        WharfCli.RunAsync(arguments, new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["WHARF_SERVER"] = "" }, input, Ct);
}
