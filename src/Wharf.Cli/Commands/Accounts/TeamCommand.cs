using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf team list|create|set|delete|add|remove</c>: the teams of an organisation. A team's role is
/// <c>member</c> (access through grants) or <c>admin</c> (administers the organisation and all its repositories).</summary>
internal static class TeamCommand
{
    public static Command Create() => ApiCommand.Group("team", "Teams of an organisation, their role and their members.",
        List(), New(), Set(), Delete(), Add(), Remove());

    private static Argument<string> Org() => new("org") { Description = "The organisation." };

    private static Argument<string> Team() => new("team") { Description = "The team." };

    private static Argument<string> Member() => new("member") { Description = "A user, or a robot of the organisation (ORG+NAME)." };

    private static Option<string> Role(bool required)
    {
        var role = new Option<string>("--role")
        {
            Description = "member (access through the repository grants) or admin (administers the organisation).",
            Required = required,
        };
        if (!required)
        {
            role.DefaultValueFactory = _ => "member";
        }

        role.AcceptOnlyFromAmong("member", "admin");
        return role;
    }

    private static Command List()
    {
        var org = Org();
        return ApiCommand.Create("team list", "List an organisation's teams with their roles and members.", [org], async call =>
        {
            var teams = await call.Client.ListTeamsAsync(call.Get(org), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(teams, ApiJson.Default);
                return;
            }

            var table = new TextTable("TEAM", "ROLE", "MEMBERS");
            foreach (var t in teams)
            {
                table.Add(t.Name, t.Role, string.Join(",", t.Members ?? []));
            }

            table.Print(Console.Out);
        }, json: true);
    }

    private static Command New()
    {
        Argument<string> org = Org(), team = Team();
        var role = Role(required: false);
        return ApiCommand.Create("team create", "Create a team.", [org, team, role], async call =>
        {
            await call.Client.CreateTeamAsync(call.Get(org), call.Get(team), call.Get(role)!, call.Ct);
            Console.WriteLine($"created team {call.Get(org)}/{call.Get(team)} (role {call.Get(role)})");
        });
    }

    private static Command Set()
    {
        Argument<string> org = Org(), team = Team();
        var role = Role(required: true);
        return ApiCommand.Create("team set", "Change a team's role.", [org, team, role], async call =>
        {
            await call.Client.SetTeamRoleAsync(call.Get(org), call.Get(team), call.Get(role)!, call.Ct);
            Console.WriteLine($"team {call.Get(org)}/{call.Get(team)} now has role {call.Get(role)}");
        });
    }

    private static Command Delete()
    {
        Argument<string> org = Org(), team = Team();
        return ApiCommand.Create("team delete", "Delete a team with its memberships and grants.", [org, team], async call =>
        {
            await call.Client.DeleteTeamAsync(call.Get(org), call.Get(team), call.Ct);
            Console.WriteLine($"deleted team {call.Get(org)}/{call.Get(team)}");
        });
    }

    private static Command Add()
    {
        Argument<string> org = Org(), team = Team(), member = Member();
        return ApiCommand.Create("team add", "Add a user or robot to a team.", [org, team, member], async call =>
        {
            await call.Client.AddTeamMemberAsync(call.Get(org), call.Get(team), call.Get(member), call.Ct);
            Console.WriteLine($"added {call.Get(member)} to {call.Get(org)}/{call.Get(team)}");
        });
    }

    private static Command Remove()
    {
        Argument<string> org = Org(), team = Team(), member = Member();
        return ApiCommand.Create("team remove", "Remove a member from a team.", [org, team, member], async call =>
        {
            await call.Client.RemoveTeamMemberAsync(call.Get(org), call.Get(team), call.Get(member), call.Ct);
            Console.WriteLine($"removed {call.Get(member)} from {call.Get(org)}/{call.Get(team)}");
        });
    }
}
