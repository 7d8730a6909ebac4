using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf org list|create|delete</c>: organisations, namespaces that teams share. Whoever creates one
/// owns it (its <c>owners</c> team, with the admin role).</summary>
internal static class OrgCommand
{
    public static Command Create() => ApiCommand.Group("org", "Organisations: namespaces shared by teams (see `wharf team`, `wharf robot`).",
        List(), New(), Delete());

    private static Command List() => ApiCommand.Create("org list", "List organisations (all of them for a server administrator, else yours).", [], async call =>
    {
        var organisations = await call.Client.ListOrganisationsAsync(call.Ct);
        if (call.Json)
        {
            JsonOutput.Write(organisations, ApiJson.Default);
            return;
        }

        var table = new TextTable("NAME", "CREATED");
        foreach (var o in organisations)
        {
            table.Add(o.Name, Display.Time(o.CreatedAt));
        }

        table.Print(Console.Out);
    }, json: true);

    private static Command New()
    {
        var name = new Argument<string>("org") { Description = "The organisation's name, which becomes a repository namespace (ORG/app)." };
        return ApiCommand.Create("org create", "Create an organisation; you become its owner (team owners, role admin).", [name], async call =>
        {
            await call.Client.CreateOrganisationAsync(call.Get(name), call.Ct);
            Console.WriteLine($"created organisation {call.Get(name)}");
        });
    }

    private static Command Delete()
    {
        var name = new Argument<string>("org") { Description = "The organisation to delete, with its teams and robots (repositories stay)." };
        return ApiCommand.Create("org delete", "Delete an organisation.", [name], async call =>
        {
            await call.Client.DeleteOrganisationAsync(call.Get(name), call.Ct);
            Console.WriteLine($"deleted organisation {call.Get(name)}");
        });
    }
}
