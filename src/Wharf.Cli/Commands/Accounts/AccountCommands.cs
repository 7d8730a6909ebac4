using System.CommandLine;

namespace Wharf.Cli.Commands.Accounts;

/// <summary>The commands over a Wharf server's management API (docs/api.md), each a top-level noun beside the image
/// commands: <c>wharf user</c>, <c>users</c>, <c>org</c>, <c>team</c>, <c>robot</c>, <c>perm</c>, <c>visibility</c>,
/// <c>audit</c>, <c>webhook</c>. They all take <c>--server HOST[:PORT]</c> and the credentials of <c>wharf login</c>.</summary>
internal static class AccountCommands
{
    public static IEnumerable<Command> Create() =>
    [
        UserCommand.Create(),
        UsersCommand.Create(),
        OrgCommand.Create(),
        TeamCommand.Create(),
        RobotCommand.Create(),
        PermCommand.Create(),
        VisibilityCommand.Create(),
        AuditCommand.Create(),
        WebhookCommand.Create(),
    ];
}
