using System.CommandLine;
using Wharf.Cli.Commands.Accounts;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf trigger credential set|remove ID</c>: the credential a trigger reaches its private remote with,
/// set, replaced or removed by the repository's administrators (read from a file or standard input, never shown
/// again).</summary>
internal static class TriggerCredentialCommand
{
    public static Command Create() => ApiCommand.Group("credential", "Set or remove the credential for a trigger's private git remote.", Set(), Remove());

    private static Command Set()
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        var credential = new TriggerCredentialOptions();
        var command = ApiCommand.Create("trigger credential set", "Set or replace the token or SSH key the trigger's builds fetch its remote with.",
            [id, .. credential.Symbols], async call =>
            {
                var given = await credential.ReadAsync(call.Result, call.Ct)
                    ?? throw new ArgumentException("give --git-token-file FILE (and --git-username NAME) or --git-ssh-key FILE");
                var t = await call.Client.SetTriggerCredentialAsync(call.Get(id), given, call.Ct);
                Console.WriteLine($"trigger {t.Id} has a credential for {t.GitUrl}");
            });
        credential.Validate(command);
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<long>("id") { Description = "The trigger's id." };
        var command = ApiCommand.Create("trigger credential remove", "Remove the credential: the remote is fetched without one.", [id], async call =>
        {
            var t = await call.Client.RemoveTriggerCredentialAsync(call.Get(id), call.Ct);
            Console.WriteLine($"trigger {t.Id} has no credential for {t.GitUrl}");
        });
        command.Aliases.Add("rm");
        return command;
    }
}
