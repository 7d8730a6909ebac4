using System.CommandLine;
using Wharf.Cli.Commands;

var root = new RootCommand("Wharf: a container registry and the tools around it.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(GcCommand.Create());
// No ProcessTerminationTimeout: on SIGTERM the host's own graceful shutdown (in-flight requests drain for up
// to 30 s) must run to the end instead of System.CommandLine ending the process after 2 s.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
