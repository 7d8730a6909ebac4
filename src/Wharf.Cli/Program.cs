using System.CommandLine;
using Wharf.Cli;
using Wharf.Cli.Commands;
using Wharf.Cli.Commands.Accounts;
using Wharf.Cli.Commands.Builder;

// The server commands are another program (it cannot be compiled ahead of time as this one is): hand them over first,
// before anything here has touched the console or the signals; so is completing their options.
if (ServerHandoff.Handles(args))
{
    return ServerHandoff.Exec(args);
}

var root = new RootCommand("Wharf: a container registry and the tools around it.");
foreach (var (name, description) in ServerCommands.All)
{
    // Listed so that `wharf --help` shows them; never run here (handed over above).
    root.Subcommands.Add(new Command(name, description));
}

root.Subcommands.Add(CopyCommand.Create());
root.Subcommands.Add(BuildCommand.Create());
root.Subcommands.Add(BuilderCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(LintCommand.Create());
root.Subcommands.Add(TagsCommand.Create());
root.Subcommands.Add(CatalogCommand.Create());
root.Subcommands.Add(TagCommand.Create());
root.Subcommands.Add(DeleteCommand.Create());
root.Subcommands.Add(LoginCommand.Create());
root.Subcommands.Add(LogoutCommand.Create());
root.Subcommands.Add(CompletionCommand.Create());
root.Subcommands.Add(TriggerCommand.Create());
root.Subcommands.Add(BuildsCommand.Create());
foreach (var command in AccountCommands.Create())
{
    root.Subcommands.Add(command);
}

return await CommandLineProgram.RunAsync(root, args);
