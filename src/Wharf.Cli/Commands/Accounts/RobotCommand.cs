using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf robot list|create|delete</c>: an organisation's robot accounts, <c>ORG+NAME</c>, for CI and
/// deployments. A robot's secret is its only credential and is shown once, at creation.</summary>
internal static class RobotCommand
{
    public static Command Create() => ApiCommand.Group("robot", "Robot accounts of an organisation (ORG+NAME) for CI and deployments.",
        List(), New(), Delete());

    private static Command List()
    {
        var org = new Argument<string>("org") { Description = "The organisation." };
        return ApiCommand.Create("robot list", "List an organisation's robots.", [org], async call =>
        {
            var robots = await call.Client.ListRobotsAsync(call.Get(org), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(robots, ApiJson.Default);
                return;
            }

            var table = new TextTable("NAME", "DISABLED", "CREATED");
            foreach (var r in robots)
            {
                table.Add(r.Name, Display.YesNo(r.Disabled), Display.Time(r.CreatedAt));
            }

            table.Print(Console.Out);
        }, json: true);
    }

    private static Command New()
    {
        var org = new Argument<string>("org") { Description = "The organisation." };
        var name = new Argument<string>("name") { Description = "The robot's name within the organisation." };
        return ApiCommand.Create("robot create", "Create a robot; its name (ORG+NAME) and secret are printed this once.", [org, name], async call =>
        {
            var robot = await call.Client.CreateRobotAsync(call.Get(org), OwnName(call.Get(org), call.Get(name)), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(robot, ApiJson.Default); // the one time the secret is printed, as the server returned it
                return;
            }

            Console.WriteLine($"robot:   {robot.Name}");
            Console.WriteLine($"secret:  {robot.Secret}");
            await Console.Error.WriteLineAsync(
                $"Save the secret now: it is not shown again. Log in with `wharf login {call.Client.Server} -u '{robot.Name}' --password-stdin`.");
        }, json: true);
    }

    private static Command Delete()
    {
        var org = new Argument<string>("org") { Description = "The organisation." };
        var name = new Argument<string>("name") { Description = "The robot, NAME or ORG+NAME." };
        return ApiCommand.Create("robot delete", "Delete a robot: its secret stops working at once.", [org, name], async call =>
        {
            var own = OwnName(call.Get(org), call.Get(name));
            await call.Client.DeleteRobotAsync(call.Get(org), own, call.Ct);
            Console.WriteLine($"deleted robot {call.Get(org)}+{own}");
        });
    }

    /// <summary>The API names a robot without its organisation; people copy the full <c>ORG+NAME</c> from a listing.</summary>
    private static string OwnName(string org, string name) =>
        name.StartsWith(org + "+", StringComparison.Ordinal) ? name[(org.Length + 1)..] : name;
}
