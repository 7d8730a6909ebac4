using System.CommandLine;
using Wharf.Cli.Commands;

var root = new RootCommand("Wharf: a container registry and the tools around it.");
root.Subcommands.Add(ServeCommand.Create());
return await root.Parse(args).InvokeAsync();
