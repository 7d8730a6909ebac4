using System.Text.Json.Nodes;
using Wharf.Registry.Auth;

namespace Wharf.Server.Tests.Cli.Accounts;

/// <summary><c>wharf users import FILE</c>: users from an htpasswd file keep their bcrypt passwords and can log in;
/// taken names and bad lines are reported, never a hash.</summary>
public sealed class UsersImportCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Imports_bcrypt_users_who_then_log_in_and_reports_taken_names_and_bad_lines()
    {
        await using var cli = await AccountsCliServer.StartAsync();
        Assert.Equal(AccountChange.Done, await cli.Store.CreateUserAsync("alice", "alice-password-1", Ct));
        var admin = await cli.LoginAsync(AccountsCliServer.Admin, AccountsCliServer.AdminPassword);
        var carolHash = BCrypt.Net.BCrypt.HashPassword("carol-password-1", 5);
        var file = Path.Combine(cli.NewConfig(), "htpasswd");
        await File.WriteAllTextAsync(file, $"carol:{carolHash}\nthis line is no user\nalice:{BCrypt.Net.BCrypt.HashPassword("other-password", 5)}\n", Ct);

        var imported = CliAssert.Succeeded(await cli.RunAsync(admin, "users", "import", file));
        var again = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(admin, "users", "import", file, "--json")).StandardOutput)!;
        var carol = JsonNode.Parse(CliAssert.Succeeded(await cli.RunAsync(await cli.LoginAsync("carol", "carol-password-1"), "user", "show", "--json")).StandardOutput)!;
        var missing = await cli.RunAsync(admin, "users", "import", Path.Combine(Path.GetDirectoryName(file)!, "no-such-file"));

        var lines = imported.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("imported 1 user: carol", lines[0]);
        Assert.Contains("left 1 existing account as it was: alice", lines);
        Assert.Contains(lines, l => l.StartsWith("skipped line 2: ", StringComparison.Ordinal));
        Assert.DoesNotContain(carolHash, imported.Output, StringComparison.Ordinal);
        Assert.Empty(again["imported"]!.AsArray());
        Assert.Equal(["alice", "carol"], again["existing"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal([2], again["skipped"]!.AsArray().Select(s => s!["line"]!.GetValue<int>()));
        Assert.Equal(("carol", "user", false), (carol["name"]!.GetValue<string>(), carol["kind"]!.GetValue<string>(), carol["isAdmin"]!.GetValue<bool>()));
        Assert.Contains("no-such-file", CliAssert.FailedWithOneLine(missing, "users import"), StringComparison.Ordinal);
    }
}
