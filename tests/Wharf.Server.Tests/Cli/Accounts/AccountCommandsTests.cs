using System.Text.Json.Nodes;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary>The account commands as an administrator uses them against a real Wharf: a user, an organisation, a team,
/// grants, visibility, a robot and a token, then the robot secret and the token used with <c>wharf login</c>, and the
/// audit log showing every change.</summary>
public sealed class AccountCommandsTests
{
    private const string AlicePassword = "alice-password-1";

    [Fact]
    public async Task Admin_sets_up_an_organisation_whose_robot_and_token_log_in_and_the_audit_log_lists_every_change()
    {
        await using var cli = await AccountsCliServer.StartAsync();
        var admin = await cli.LoginAsync(AccountsCliServer.Admin, AccountsCliServer.AdminPassword);

        var created = CliAssert.Succeeded(await cli.RunWithInputAsync(admin, AlicePassword + "\n", "users", "create", "alice", "--password-stdin"));
        CliAssert.Succeeded(await cli.RunAsync(admin, "org", "create", "acme"));
        CliAssert.Succeeded(await cli.RunAsync(admin, "team", "create", "acme", "devs", "--role", "member"));
        CliAssert.Succeeded(await cli.RunAsync(admin, "team", "add", "acme", "devs", "alice"));
        var teams = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "team", "list", "acme", "--json")).StandardOutput)!.AsArray();
        CliAssert.Succeeded(await cli.RunAsync(admin, "perm", "grant", "acme/app", "--team", "acme/devs", "write"));
        // The server written in front of the repository, as `wharf tags` takes it, instead of --server.
        CliAssert.Succeeded(await AccountsCliServer.RunRawAsync(admin, ["perm", "grant", $"{cli.Host}/acme/app", "--user", "alice", "read"]));
        var grants = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "perm", "list", "acme/app", "--json")).StandardOutput)!.AsArray();
        var table = CliAssert.Succeeded(await cli.RunAsync(admin, "perm", "list", "acme/app")).StandardOutput;
        var madePublic = CliAssert.Succeeded(await cli.RunAsync(admin, "visibility", "acme/app", "public"));
        var visibility = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "visibility", "acme/app", "--json")).StandardOutput)!;

        Assert.Equal("created user alice\n", created.StandardOutput);
        var devs = Assert.Single(teams, t => t!["name"]!.GetValue<string>() == "devs")!;
        Assert.Equal("member", devs["role"]!.GetValue<string>());
        Assert.Equal(["alice"], devs["members"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains(teams, t => t!["name"]!.GetValue<string>() == "owners" && t["members"]!.AsArray().Any(m => m!.GetValue<string>() == AccountsCliServer.Admin));
        Assert.Equal(
            ["acme/devs write", "alice read"],
            grants.Select(g => $"{g!["team"]?.GetValue<string>() ?? g["account"]!.GetValue<string>()} {g["access"]!.GetValue<string>()}").Order(StringComparer.Ordinal));
        Assert.Equal(["GRANTEE", "KIND", "ACCESS"], table.Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(table.Split('\n'), l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["acme/devs", "team", "write"]);
        Assert.Equal("acme/app is public\n", madePublic.StandardOutput);
        Assert.True(visibility["public"]!.GetValue<bool>());

        // A robot and a token: each secret printed once, and each works as the password of `wharf login`.
        var robotRun = CliAssert.Succeeded(await cli.RunAsync(admin, "robot", "create", "acme", "ci", "--json"));
        var robot = JsonNode.Parse(robotRun.StandardOutput)!;
        var tokenRun = CliAssert.Succeeded(await cli.RunAsync(admin, "user", "token", "create", "laptop", "--scope", "read", "--expires-in", "30d", "--json"));
        var token = JsonNode.Parse(tokenRun.StandardOutput)!;
        var robotSecret = robot["secret"]!.GetValue<string>();
        var tokenSecret = token["token"]!.GetValue<string>();
        var asRobot = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(await cli.LoginAsync("acme+ci", robotSecret), "user", "show", "--json")).StandardOutput)!;
        var withToken = await cli.LoginAsync(AccountsCliServer.Admin, tokenSecret);
        var asTokenUser = CliAssert.Succeeded(await cli.RunAsync(withToken, "user", "show"));
        var robots = CliAssert.Succeeded(await cli.RunAsync(admin, "robot", "list", "acme")).StandardOutput;
        var tokens = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "user", "token", "list", "--json")).StandardOutput)!.AsArray();

        Assert.Equal("acme+ci", robot["name"]!.GetValue<string>());
        Assert.Equal(("acme+ci", "robot"), (asRobot["name"]!.GetValue<string>(), asRobot["kind"]!.GetValue<string>()));
        Assert.Contains($"name:   {AccountsCliServer.Admin}\n", asTokenUser.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("acme+ci", robots, StringComparison.Ordinal);
        Assert.DoesNotContain(robotSecret, robots, StringComparison.Ordinal);
        var listed = Assert.Single(tokens, t => t!["name"]!.GetValue<string>() == "laptop")!;
        Assert.Equal(("read", token["id"]!.GetValue<long>()), (listed["scope"]!.GetValue<string>(), listed["id"]!.GetValue<long>()));
        Assert.Null(listed["token"]);
        Assert.InRange(token["expiresAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.DoesNotContain(robotSecret, robotRun.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenSecret, tokenRun.StandardError, StringComparison.Ordinal);

        // Revoked, the token stops working at once, and the stored login says to log in again.
        CliAssert.Succeeded(await cli.RunAsync(admin, "user", "token", "revoke", $"{token["id"]!.GetValue<long>()}"));
        var refused = CliAssert.FailedWithOneLine(await cli.RunAsync(withToken, "user", "show"), "user show");
        Assert.Contains($"wharf login {cli.Host}", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenSecret, refused, StringComparison.Ordinal);

        var audit = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "audit", "--since", "1h", "--limit", "1000", "--json")).StandardOutput)!.AsArray();
        var changes = audit.Select(e => $"{e!["actor"]!.GetValue<string>()} {e["action"]!.GetValue<string>()} {e["target"]!.GetValue<string>()}").ToHashSet();
        string[] expected =
        [
            "root account.created alice", "root account.created acme", "root account.created acme+ci", "root team.changed acme/devs",
            "root permission.changed acme/app", "root visibility.changed acme/app", "root token.created root", "root token.revoked root",
        ];
        Assert.All(expected, change => Assert.Contains(change, changes));
        var audited = string.Join('\n', audit.Select(e => e!.ToJsonString()));
        Assert.DoesNotContain(robotSecret, audited, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenSecret, audited, StringComparison.Ordinal);
        Assert.DoesNotContain(AlicePassword, audited, StringComparison.Ordinal);
        var filtered = CliAssert.Succeeded(await cli.RunAsync(admin, "audit", "--action", "visibility.changed")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TIME", "ACTOR", "ACTION", "TARGET", "CLIENT", "DETAIL"], filtered[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(filtered.Skip(1), l => Assert.Contains(" visibility.changed ", l, StringComparison.Ordinal));
        Assert.Single(filtered.Skip(1));
    }
}
