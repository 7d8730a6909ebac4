using System.Text.RegularExpressions;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf trigger create --git-token-file</c> and <c>wharf trigger credential set|remove</c> against a real
/// server and a private git host: the token is read from a file or standard input, never printed, and the builds of
/// "build now" follow it.</summary>
public sealed partial class TriggerCredentialCommandTests(PrivateRemoteFixture fixture) : IClassFixture<PrivateRemoteFixture>, IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-trigger-credential-cli-").FullName;

    private BuildsServer Builds => fixture.Server;

    private string Host => Builds.Api.Server.HostPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    [Fact]
    public async Task A_trigger_made_with_a_token_file_builds_from_the_private_remote_and_its_credential_is_removed_and_set_from_stdin()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        CliAssert.Succeeded(await WharfAsync(["login", Host, "-u", alice.Name, "--password-stdin"], alice.Secret + "\n"));
        var (git, url) = fixture.NewRepository();
        await git.CommitAsync("first", ("Dockerfile", "LOG from the cli"));
        var tokenFile = Path.Combine(_config, "token");
        await File.WriteAllTextAsync(tokenFile, fixture.Token + "\n", Ct);

        // No --rule: the default branch is asked of the private remote with the token.
        var created = CliAssert.Succeeded(await RunAsync("trigger", "create", $"{alice.Name}/app", "--git", url, "--git-token-file", tokenFile, "--git-username", "ci"));
        var id = TriggerLine().Match(created.StandardOutput).Groups[1].Value;
        var shown = CliAssert.Succeeded(await RunAsync("trigger", "show", id));
        var built = await BuildNowAsync(alice, id);
        var removed = CliAssert.Succeeded(await RunAsync("trigger", "credential", "remove", id));
        var refused = await BuildNowAsync(alice, id);
        var set = CliAssert.Succeeded(await WharfAsync(["trigger", "credential", "set", id, "--git-token-file", "-", "--server", Host], fixture.Token + "\n"));
        var again = await BuildNowAsync(alice, id);

        Assert.Contains("rule:         branch main -> latest", created.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("credential:   yes (not shown)", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("succeeded", built);
        Assert.Equal($"trigger {id} has no credential for {url}\n", removed.StandardOutput);
        Assert.Equal("failed", refused);
        Assert.Equal($"trigger {id} has a credential for {url}\n", set.StandardOutput);
        Assert.Equal("succeeded", again);
        foreach (var output in new[] { created, shown, removed, set })
        {
            Assert.DoesNotContain(fixture.Token, output.StandardOutput + output.StandardError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Credential_options_that_do_not_go_together_are_one_line()
    {
        var (_, url) = fixture.NewRepository();
        var file = Path.Combine(_config, "token");
        await File.WriteAllTextAsync(file, "t", Ct);

        var both = await RunAsync("trigger", "create", "alice/app", "--git", url, "--git-token-file", file, "--git-ssh-key", file);
        var user = await RunAsync("trigger", "create", "alice/app", "--git", url, "--git-username", "ci");
        var none = await RunAsync("trigger", "credential", "set", "1");
        var missing = await RunAsync("trigger", "credential", "set", "1", "--git-ssh-key", Path.Combine(_config, "no-such-key"));

        Assert.Contains("--git-token-file and --git-ssh-key: give one", both.StandardError, StringComparison.Ordinal);
        Assert.Contains("--git-username goes with --git-token-file", user.StandardError, StringComparison.Ordinal);
        Assert.Contains("give --git-token-file FILE (and --git-username NAME) or --git-ssh-key FILE", CliAssert.FailedWithOneLine(none, "trigger credential set"), StringComparison.Ordinal);
        Assert.Contains("no-such-key: no such file", CliAssert.FailedWithOneLine(missing, "trigger credential set"), StringComparison.Ordinal);
    }

    private async Task<string> BuildNowAsync(Api.Accounts.ApiLogin who, string trigger)
    {
        var run = CliAssert.Succeeded(await RunAsync("trigger", "run", trigger, "--ref", "main"));
        var build = long.Parse(BuildLine().Match(run.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (await Builds.WaitAsync(who, build))["state"]!.GetValue<string>();
    }

    private Task<ToolResult> RunAsync(params string[] arguments) => WharfAsync([.. arguments, "--server", Host]);

    private Task<ToolResult> WharfAsync(string[] arguments, string? input = null) =>
        WharfCli.RunAsync(arguments, new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["WHARF_SERVER"] = "" }, input, Ct);

    [GeneratedRegex(@"trigger:\s+(\d+)")]
    private static partial Regex TriggerLine();

    [GeneratedRegex(@"^build (\d+) queued")]
    private static partial Regex BuildLine();
}
