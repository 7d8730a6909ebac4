using System.CommandLine;
using System.CommandLine.Parsing;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf perm list|grant|revoke</c>: who may do what on a repository beyond what namespaces give
/// (a user owns USER/…, an organisation's teams act on ORG/… by role). Access is <c>read</c> (pull), <c>write</c>
/// (pull, push) or <c>admin</c> (also delete, and manage grants and visibility).</summary>
internal static class PermCommand
{
    private const string RepositoryDescription = "The repository, REPO or HOST[:PORT]/REPO (then --server may be left out).";

    public static Command Create() => ApiCommand.Group("perm", "Grants on a repository to users, robots and teams.",
        List(), Grant(), Revoke());

    private static Command List()
    {
        var repository = new Argument<string>("repository") { Description = RepositoryDescription };
        return ApiCommand.Create("perm list", "List the grants on a repository.", [repository], async call =>
        {
            var grants = await call.Client.ListGrantsAsync(call.Repository!, call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(grants, ApiJson.Default);
                return;
            }

            var table = new TextTable("GRANTEE", "KIND", "ACCESS");
            foreach (var g in grants)
            {
                table.Add(g.Account ?? g.Team, g.Team is not null ? "team" : g.Account?.Contains('+', StringComparison.Ordinal) == true ? "robot" : "user", g.Access);
            }

            table.Print(Console.Out);
        }, json: true, repository: repository);
    }

    private static Command Grant()
    {
        var repository = new Argument<string>("repository") { Description = RepositoryDescription };
        var (user, team) = Grantee();
        var access = new Argument<string>("access") { Description = "read (pull), write (pull and push) or admin (also delete and manage access)." };
        access.AcceptOnlyFromAmong("read", "write", "admin");
        var command = ApiCommand.Create("perm grant", "Grant a user, robot or team access to a repository (replacing an earlier grant).",
            [repository, access, user, team], async call =>
            {
                await call.Client.GrantAsync(call.Repository!, call.Get(user), call.Get(team), call.Get(access), call.Ct);
                Console.WriteLine($"granted {call.Get(access)} on {call.Repository} to {Describe(call, user, team)}");
            }, repository: repository);
        command.Validators.Add(r => ExactlyOne(r, user, team));
        return command;
    }

    private static Command Revoke()
    {
        var repository = new Argument<string>("repository") { Description = RepositoryDescription };
        var (user, team) = Grantee();
        var command = ApiCommand.Create("perm revoke", "Take away a grant on a repository.", [repository, user, team], async call =>
        {
            await call.Client.RevokeAsync(call.Repository!, call.Get(user), call.Get(team), call.Ct);
            Console.WriteLine($"revoked the grant on {call.Repository} to {Describe(call, user, team)}");
        }, repository: repository);
        command.Validators.Add(r => ExactlyOne(r, user, team));
        return command;
    }

    private static (Option<string?> User, Option<string?> Team) Grantee() => (
        new Option<string?>("--user") { Description = "A user, or a robot (ORG+NAME).", HelpName = "NAME" },
        new Option<string?>("--team") { Description = "A team, as ORG/TEAM.", HelpName = "ORG/TEAM" });

    private static void ExactlyOne(CommandResult result, Option<string?> user, Option<string?> team)
    {
        if ((result.GetResult(user) is null) == (result.GetResult(team) is null))
        {
            result.AddError("name exactly one grantee: --user NAME or --team ORG/TEAM");
        }
    }

    private static string Describe(ApiCall call, Option<string?> user, Option<string?> team) =>
        call.Get(team) is { } t ? $"team {t}" : call.Get(user)!;
}
