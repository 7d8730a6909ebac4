using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf builds retry ID [--follow]</c> against a real server: an ended build is queued again and, followed,
/// its log printed to its end; a build still running is the server's refusal in one line.</summary>
public sealed class BuildsRetryCommandTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-builds-cli-").FullName;

    private BuildsServer Builds => fixture.Server;

    private string Host => Builds.Api.Server.HostPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    [Fact]
    public async Task An_ended_build_is_retried_and_followed_to_its_end()
    {
        var alice = await LoginAsync();
        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG built again")), $"repository={alice.Name}/app&tag=2");
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());

        var result = CliAssert.Succeeded(await RunAsync("builds", "retry", $"{id}", "--follow"));

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var retry = long.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"build {retry} queued, a retry of build {id}", lines[0]);
        Assert.Equal($"retry of build {id}, asked by {alice.Name}", lines[1]);
        Assert.Contains("built again", lines);
        Assert.StartsWith("pushed sha256:", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith($"as {alice.Name}/app:2", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_build_is_refused_in_one_line()
    {
        var alice = await LoginAsync();
        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "SLEEP 60000")), $"repository={alice.Name}/app");
        try
        {
            var result = await RunAsync("builds", "retry", $"{id}");

            var line = CliAssert.FailedWithOneLine(result, "builds retry");
            Assert.Contains($"build {id} is ", line, StringComparison.Ordinal);
            Assert.Contains("only a build that has ended can be retried", line, StringComparison.Ordinal);
        }
        finally
        {
            await Builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", alice, null);
        }
    }

    private async Task<ApiLogin> LoginAsync()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        CliAssert.Succeeded(await AccountsCliServer.RunRawAsync(_config, ["login", Host, "-u", alice.Name, "--password-stdin"], alice.Secret + "\n"));
        return alice;
    }

    private Task<ToolResult> RunAsync(params string[] arguments) => AccountsCliServer.RunRawAsync(_config, [.. arguments, "--server", Host]);
}
