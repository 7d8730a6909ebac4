using System.Text.RegularExpressions;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Cli.Accounts;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf trigger</c> and <c>wharf builds</c> against a real server: a trigger made from the command line
/// prints its webhook URL and secret, a push delivered to that URL builds, and the history, log and "build now" are
/// there from the command line too; a rule written wrong is one line.</summary>
public sealed partial class TriggerCommandTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();
    private readonly string _config = Directory.CreateTempSubdirectory("wharf-trigger-cli-").FullName;

    private BuildsServer Builds => fixture.Server;

    private string Host => Builds.Api.Server.HostPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _git.Dispose();
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task A_trigger_made_from_the_command_line_builds_on_push_and_its_builds_are_listed_and_logged()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        CliAssert.Succeeded(await WharfAsync(["login", Host, "-u", alice.Name, "--password-stdin"], alice.Secret + "\n"));
        var commit = await _git.CommitAsync("first", ("Dockerfile", "LOG from the cli"));

        var created = CliAssert.Succeeded(await RunAsync("trigger", "create", $"{alice.Name}/app", "--git", _git.Url,
            "--rule", "branch main -> latest", "--rule", @"tag /^v([0-9.]+)$/ -> {\1}"));

        var url = UrlLine().Match(created.StandardOutput).Groups[1].Value;
        var secret = SecretLine().Match(created.StandardOutput).Groups[1].Value;
        var id = TriggerLine().Match(created.StandardOutput).Groups[1].Value;
        Assert.Contains(@"rule:         tag /^v([0-9.]+)$/ -> {\1}", created.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("it is not shown again", created.StandardError, StringComparison.Ordinal);
        using (var response = await Builds.Api.Server.Client.SendAsync(WebhookDeliveries.GitHub(new Uri(url).PathAndQuery, secret, "refs/heads/main", commit, "cli-1"), Ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var build = (await Builds.Queue.ListAsync($"{alice.Name}/app", null, 1, Ct))[0];
        await Builds.WaitAsync(alice, build.Id);
        var list = CliAssert.Succeeded(await RunAsync("builds", "list", $"{alice.Name}/app"));
        var log = CliAssert.Succeeded(await RunAsync("builds", "log", $"{build.Id}"));
        var run = CliAssert.Succeeded(await RunAsync("trigger", "run", id, "--ref", "main"));
        var shown = CliAssert.Succeeded(await RunAsync("trigger", "list", $"{alice.Name}/app"));

        Assert.Contains($"webhook (trigger {id})", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("succeeded", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(commit[..12], list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"checked out {commit}", log.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"^build \d+ queued: latest\n$", run.StandardOutput);
        Assert.Contains("branch main -> latest", shown.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, shown.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_given_with_the_rules_is_every_rules_test()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        CliAssert.Succeeded(await WharfAsync(["login", Host, "-u", alice.Name, "--password-stdin"], alice.Secret + "\n"));
        await _git.CommitAsync("first", ("Dockerfile", "LOG x"));

        var created = CliAssert.Succeeded(await RunAsync("trigger", "create", $"{alice.Name}/app", "--git", _git.Url,
            "--rule", "branch main -> latest", "--rule", "tag /^v(.*)$/ -> {\\1}", "--test", "./run-tests --quick"));
        var shown = CliAssert.Succeeded(await RunAsync("trigger", "show", TriggerLine().Match(created.StandardOutput).Groups[1].Value));
        var alone = await RunAsync("trigger", "create", $"{alice.Name}/app", "--git", _git.Url, "--test", "true");

        Assert.Equal(2, Regex.Count(shown.StandardOutput, @"\(Dockerfile Dockerfile, context \., test \./run-tests --quick\)"));
        Assert.Contains("--test go with --rule", CliAssert.FailedWithOneLine(alone, "trigger create"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_written_wrong_is_one_line()
    {
        var result = await RunAsync("trigger", "create", "alice/app", "--git", _git.Url, "--rule", "main -> latest");

        Assert.Contains("write KIND SOURCE -> TAG", CliAssert.FailedWithOneLine(result, "trigger create"), StringComparison.Ordinal);
    }

    private Task<ToolResult> RunAsync(params string[] arguments) => WharfAsync([.. arguments, "--server", Host]);

    private Task<ToolResult> WharfAsync(string[] arguments, string? input = null) =>
        WharfCli.RunAsync(arguments, new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config, ["WHARF_SERVER"] = "" }, input, Ct);

    [GeneratedRegex(@"webhook URL:\s+(\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"secret:\s+(\S+)")]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"trigger:\s+(\d+)")]
    private static partial Regex TriggerLine();
}
