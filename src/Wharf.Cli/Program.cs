using System.CommandLine;
using System.CommandLine.Parsing;
using Wharf.Cli.Commands;
using Wharf.Cli.Commands.Accounts;

var root = new RootCommand("Wharf: a container registry and the tools around it.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(GcCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(BuildWorkerCommand.Create());
root.Subcommands.Add(CopyCommand.Create());
root.Subcommands.Add(BuildCommand.Create());
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
foreach (var command in AccountCommands.Create())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.Errors.Count > 0)
{
    // A usage mistake is one line like every other failure, pointing at the help rather than printing all of it.
    var path = CommandPath(parsed.CommandResult);
    // System.CommandLine lists allowed values on lines of their own; folded, so the error stays one line.
    var errors = string.Join("; ", parsed.Errors.Select(e => string.Join(' ', e.Message.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))));
    await Console.Error.WriteLineAsync($"{path}: {errors} (see {path} --help)");
    return 1;
}

// No ProcessTerminationTimeout: on SIGTERM the host's own graceful shutdown (in-flight requests drain for up
// to 30 s) must run to the end instead of System.CommandLine ending the process after 2 s.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// The words that name a subcommand (`wharf team create`), so the hint points at the help that explains it.
static string CommandPath(CommandResult result) =>
    result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "wharf";
