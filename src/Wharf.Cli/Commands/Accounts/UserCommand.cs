using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf user show|passwd|token …</c>: the account the stored credentials belong to.</summary>
internal static class UserCommand
{
    public static Command Create() => ApiCommand.Group("user", "Your own account on a Wharf server: who you are, your password, your access tokens.",
        Show(), Passwd(), TokenCommand.Create());

    private static Command Show() => ApiCommand.Create("user show", "Show who the stored credentials log in as.", [], async call =>
    {
        var me = await call.Client.GetCurrentAccountAsync(call.Ct);
        if (call.Json)
        {
            JsonOutput.Write(me, ApiJson.Default);
            return;
        }

        Console.WriteLine($"name:   {me.Name}");
        Console.WriteLine($"kind:   {me.Kind}");
        Console.WriteLine($"admin:  {Display.YesNo(me.IsAdmin)}");
    }, json: true);

    private static Command Passwd()
    {
        var stdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the current password, then the new one, from standard input, one per line (also what happens without a terminal).",
        };
        return ApiCommand.Create("user passwd", "Change your password (asked for on the terminal, or read from standard input).", [stdin], async call =>
        {
            string current, replacement;
            if (SecretInput.FromStandardInput(call.Get(stdin)))
            {
                var lines = await SecretInput.ReadLinesAsync(2, "the current password and the new one", call.Ct);
                (current, replacement) = (lines[0], lines[1]);
            }
            else
            {
                current = SecretInput.Prompt("Current password: ");
                replacement = SecretInput.PromptNew("New password");
            }

            await call.Client.ChangePasswordAsync(current, replacement, call.Ct);
            // docker keeps the old password in config.json; it no longer works, so say what to do.
            Console.WriteLine($"Password changed. Log in again with `wharf login {call.Client.Server}`.");
        });
    }
}
