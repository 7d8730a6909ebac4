using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf audit</c>: the server's audit log, newest first: logins, account, team, grant, visibility and
/// token changes, with who did them and from where (server administrators).</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var actor = new Option<string?>("--actor") { Description = "Only what this account did." };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. login.failed, account.created, permission.changed." };
        var since = TimeArguments.TimeOrAgo("--since", "Only events at or after this time, or this long ago (e.g. 24h).");
        var until = TimeArguments.TimeOrAgo("--until", "Only events before this time, or this long ago.");
        var limit = new Option<int>("--limit") { Description = "At most this many events.", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--limit must be between 1 and 100000");
            }
        });
        return ApiCommand.Create("audit", "Show the audit log of a Wharf server, newest first (server administrators).",
            [actor, action, since, until, limit], async call =>
            {
                var events = await call.Client.ListAuditAsync(call.Get(actor), call.Get(action), call.Get(since), call.Get(until), call.Get(limit), call.Ct);
                if (call.Json)
                {
                    JsonOutput.Write(events, ApiJson.Default);
                    return;
                }

                var table = new TextTable("TIME", "ACTOR", "ACTION", "TARGET", "CLIENT", "DETAIL");
                foreach (var e in events)
                {
                    table.Add(Display.Time(e.At), e.Actor, e.Action, e.Target, e.ClientAddress, e.Detail);
                }

                table.Print(Console.Out);
            }, json: true);
    }
}
