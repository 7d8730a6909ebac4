using System.Net;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>How the account commands fail: always one line on stderr and exit 1, with the server's ProblemDetails
/// detail for a refusal, what to do when there are no or stale credentials, and the mistake for bad arguments.</summary>
public sealed class AccountCommandFailuresTests
{
    private const string AlicePassword = "alice-password-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_who_is_not_an_administrator_gets_the_servers_403_detail_in_one_line()
    {
        await using var cli = await AccountsCliServer.StartAsync();
        Assert.Equal(AccountChange.Done, await cli.Store.CreateUserAsync("alice", AlicePassword, Ct));
        var alice = await cli.LoginAsync("alice", AlicePassword);

        var list = await cli.RunAsync(alice, "users", "list");
        var grant = await cli.RunAsync(alice, "perm", "grant", "root/app", "--user", "alice", "admin");
        var detail = await ProblemDetailAsync(cli, "users");

        Assert.Equal($"wharf users list: denied: {detail}", CliAssert.FailedWithOneLine(list, "users list"));
        Assert.Equal("", list.StandardOutput);
        Assert.StartsWith("wharf perm grant: denied: ", CliAssert.FailedWithOneLine(grant, "perm grant"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_error_says_to_run_wharf_login_and_a_changed_password_says_to_log_in_again()
    {
        await using var cli = await AccountsCliServer.StartAsync();
        Assert.Equal(AccountChange.Done, await cli.Store.CreateUserAsync("alice", AlicePassword, Ct));
        var alice = await cli.LoginAsync("alice", AlicePassword);

        var anonymous = await cli.RunAsync(cli.NewConfig(), "users", "list");
        var wrongCurrent = await cli.RunWithInputAsync(alice, "not-her-password\nalice-password-2\n", "user", "passwd");
        var changed = await cli.RunWithInputAsync(alice, $"{AlicePassword}\nalice-password-2\n", "user", "passwd");
        var stale = await cli.RunAsync(alice, "user", "show");
        var renewed = await cli.RunAsync(await cli.LoginAsync("alice", "alice-password-2"), "user", "show", "--json");

        Assert.Equal($"wharf users list: {cli.Host} requires credentials: log in with `wharf login {cli.Host}`", CliAssert.FailedWithOneLine(anonymous, "users list"));
        var wrong = CliAssert.FailedWithOneLine(wrongCurrent, "user passwd");
        Assert.DoesNotContain("not-her-password", wrongCurrent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("alice-password-2", wrongCurrent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", wrong, StringComparison.Ordinal);
        CliAssert.Succeeded(changed);
        Assert.Contains($"wharf login {cli.Host}", changed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"log in again with `wharf login {cli.Host}`", CliAssert.FailedWithOneLine(stale, "user show"), StringComparison.Ordinal);
        Assert.Equal("alice", JsonNode.Parse(CliAssert.Succeeded(renewed).StandardOutput)!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("team create", new[] { "team", "create", "acme", "--server", "localhost:1" })]
    [InlineData("team", new[] { "team" })]
    [InlineData("perm grant", new[] { "perm", "grant", "acme/app", "read", "--server", "localhost:1" })]
    [InlineData("perm grant", new[] { "perm", "grant", "acme/app", "read", "--user", "alice", "--team", "acme/devs", "--server", "localhost:1" })]
    [InlineData("perm grant", new[] { "perm", "grant", "acme/app", "everything", "--user", "alice", "--server", "localhost:1" })]
    [InlineData("visibility", new[] { "visibility", "acme/app", "shared", "--server", "localhost:1" })]
    [InlineData("user token create", new[] { "user", "token", "create", "ci", "--scope", "full", "--server", "localhost:1" })]
    [InlineData("user token create", new[] { "user", "token", "create", "ci", "--scope", "read", "--expires", "tomorrow", "--server", "localhost:1" })]
    [InlineData("user token revoke", new[] { "user", "token", "revoke", "abc", "--server", "localhost:1" })]
    [InlineData("users set", new[] { "users", "set", "alice", "--server", "localhost:1" })]
    [InlineData("audit", new[] { "audit", "--since", "yesterday", "--server", "localhost:1" })]
    [InlineData("users list", new[] { "users", "list" })]
    [InlineData("users list", new[] { "users", "list", "--server", "not a host" })]
    public async Task Bad_arguments_are_one_line_and_exit_1(string command, string[] arguments)
    {
        var config = Directory.CreateTempSubdirectory("wharf-accounts-cli-").FullName;
        try
        {
            var result = await AccountsCliServer.RunRawAsync(config, arguments);

            CliAssert.FailedWithOneLine(result, command);
            Assert.Equal("", result.StandardOutput);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    /// <summary>The detail the server itself gives alice for <paramref name="path"/>, to compare with what wharf printed.</summary>
    private static async Task<string> ProblemDetailAsync(AccountsCliServer cli, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/{path}");
        request.Headers.Authorization = BasicAuth.Header("alice", AlicePassword);
        using var response = await cli.Server.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]!.GetValue<string>();
    }
}
