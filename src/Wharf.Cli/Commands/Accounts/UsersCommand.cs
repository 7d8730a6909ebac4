using System.CommandLine;
using Wharf.Cli.Api;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands.Accounts;

/// <summary><c>wharf users list|create|delete|set|import</c>: the server administrator's view of every account.</summary>
internal static class UsersCommand
{
    public static Command Create() => ApiCommand.Group("users", "Manage the accounts of a Wharf server (server administrators).",
        List(), New(), Delete(), Set(), UsersImportCommand.Create());

    private static Command List()
    {
        var kind = new Option<string?>("--kind") { Description = "Only accounts of this kind: user, organisation or robot." };
        kind.AcceptOnlyFromAmong("user", "organisation", "robot");
        return ApiCommand.Create("users list", "List accounts: users, organisations and robots.", [kind], async call =>
        {
            var accounts = await call.Client.ListAccountsAsync(call.Get(kind), call.Ct);
            if (call.Json)
            {
                JsonOutput.Write(accounts, ApiJson.Default);
                return;
            }

            var table = new TextTable("NAME", "KIND", "ADMIN", "DISABLED", "CREATED");
            foreach (var a in accounts)
            {
                table.Add(a.Name, a.Kind, Display.YesNo(a.IsAdmin), Display.YesNo(a.Disabled), Display.Time(a.CreatedAt));
            }

            table.Print(Console.Out);
        }, json: true);
    }

    private static Command New()
    {
        var name = new Argument<string>("name") { Description = "The user's name: lowercase letters and digits, with single . _ - between them." };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (otherwise it is asked for on the terminal)." };
        var admin = new Option<bool>("--admin") { Description = "Make the user a server administrator." };
        return ApiCommand.Create("users create", "Create a user with a password.", [name, stdin, admin], async call =>
        {
            var password = await NewPasswordAsync(call.Get(stdin), call.Ct);
            var account = await call.Client.CreateUserAsync(call.Get(name), password, call.Get(admin), call.Ct);
            Print(call, account, "created");
        }, json: true);
    }

    private static Command Delete()
    {
        var name = new Argument<string>("name") { Description = "The account to delete, with its tokens, memberships and grants (repositories stay)." };
        return ApiCommand.Create("users delete", "Delete an account.", [name], async call =>
        {
            await call.Client.DeleteUserAsync(call.Get(name), call.Ct);
            Console.WriteLine($"deleted {call.Get(name)}");
        });
    }

    private static Command Set()
    {
        var name = new Argument<string>("name") { Description = "The account to change." };
        var admin = new Option<bool>("--admin") { Description = "Make it a server administrator." };
        var noAdmin = new Option<bool>("--no-admin") { Description = "Take server administration away." };
        var disable = new Option<bool>("--disable") { Description = "Disable it: no login, no token works, until enabled again." };
        var enable = new Option<bool>("--enable") { Description = "Enable it again." };
        var stdin = new Option<bool>("--password-stdin") { Description = "Set a new password, read from standard input." };
        var command = ApiCommand.Create("users set", "Change an account: administrator or not, disabled or not, its password.",
            [name, admin, noAdmin, disable, enable, stdin], async call =>
            {
                var password = call.Get(stdin) ? await NewPasswordAsync(true, call.Ct) : null;
                bool? isAdmin = call.Get(admin) ? true : call.Get(noAdmin) ? false : null;
                bool? disabled = call.Get(disable) ? true : call.Get(enable) ? false : null;
                var account = await call.Client.UpdateUserAsync(call.Get(name), password, isAdmin, disabled, call.Ct);
                Print(call, account, "updated");
            }, json: true);
        command.Validators.Add(r =>
        {
            if (r.GetValue(admin) && r.GetValue(noAdmin))
            {
                r.AddError("give --admin or --no-admin, not both");
            }
            else if (r.GetValue(disable) && r.GetValue(enable))
            {
                r.AddError("give --disable or --enable, not both");
            }
            else if (!r.GetValue(admin) && !r.GetValue(noAdmin) && !r.GetValue(disable) && !r.GetValue(enable) && !r.GetValue(stdin))
            {
                r.AddError("nothing to change: give --admin, --no-admin, --disable, --enable or --password-stdin");
            }
        });
        return command;
    }

    /// <summary>The whole of standard input (without its final newline), as <c>docker login --password-stdin</c>
    /// reads it; or asked twice on the terminal.</summary>
    private static async Task<string> NewPasswordAsync(bool passwordStdin, CancellationToken ct)
    {
        if (!passwordStdin)
        {
            return SecretInput.PromptNew("Password");
        }

        var password = (await Console.In.ReadToEndAsync(ct)).TrimEnd('\r', '\n');
        return password.Length > 0 ? password : throw new ArgumentException("no password on standard input");
    }

    private static void Print(ApiCall call, AccountInfo account, string verb)
    {
        if (call.Json)
        {
            JsonOutput.Write(account, ApiJson.Default);
            return;
        }

        var roles = string.Join(", ", new[] { account.IsAdmin ? "server administrator" : null, account.Disabled ? "disabled" : null }.OfType<string>());
        Console.WriteLine($"{verb} {account.Kind} {account.Name}{(roles.Length > 0 ? $" ({roles})" : "")}");
    }
}
