using System.CommandLine;
using Wharf.Server.Cli.Commands;

// wharf-server: the commands that hold the server (ASP.NET Core, Dapper), which cannot be compiled ahead of time. People
// run them as `wharf serve`, `wharf gc`…: the native client `wharf` replaces itself with this program (decision 021).
var root = new RootCommand("Wharf's server commands; run them as `wharf serve`, `wharf gc`… (the wharf client hands them to this program).");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(GcCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(BuildWorkerCommand.Create());
return await CommandLineProgram.RunAsync(root, args, usageName: "wharf");
