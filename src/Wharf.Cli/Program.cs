using System.CommandLine;
using Wharf.Cli.Commands;

var root = new RootCommand("Wharf: a container registry and the tools around it.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(GcCommand.Create());
root.Subcommands.Add(CopyCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(TagsCommand.Create());
root.Subcommands.Add(CatalogCommand.Create());
root.Subcommands.Add(TagCommand.Create());
root.Subcommands.Add(DeleteCommand.Create());
root.Subcommands.Add(LoginCommand.Create());
root.Subcommands.Add(LogoutCommand.Create());
root.Subcommands.Add(CompletionCommand.Create());

var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.Errors.Count > 0)
{
    // A usage mistake is one line like every other failure, pointing at the help rather than printing all of it.
    var command = parsed.CommandResult.Command == root ? "wharf" : $"wharf {parsed.CommandResult.Command.Name}";
    await Console.Error.WriteLineAsync($"{command}: {string.Join("; ", parsed.Errors.Select(e => e.Message))} (see {command} --help)");
    return 1;
}

// No ProcessTerminationTimeout: on SIGTERM the host's own graceful shutdown (in-flight requests drain for up
// to 30 s) must run to the end instead of System.CommandLine ending the process after 2 s.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
