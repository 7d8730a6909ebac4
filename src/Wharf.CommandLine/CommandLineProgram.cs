using System.CommandLine;
using System.CommandLine.Parsing;

namespace Wharf.CommandLine;

/// <summary>What both programs' Program.cs do with their commands: parse, report a usage mistake as one line, invoke.</summary>
public static class CommandLineProgram
{
    /// <param name="usageName">The name the usage lines of the help give the program, when people run it under another
    /// (<c>wharf-server</c>'s commands are run as <c>wharf serve</c>…); null for its own.</param>
    public static async Task<int> RunAsync(RootCommand root, string[] args, string? usageName = null)
    {
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
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (usageName is not null)
        {
            configuration.Output = new UsageNameWriter(configuration.Output, root.Name, usageName);
        }

        try
        {
            return await parsed.InvokeAsync(configuration);
        }
        finally
        {
            await configuration.Output.FlushAsync();
        }
    }

    // The words that name a subcommand (`wharf team create`), so the hint points at the help that explains it. Both
    // programs say `wharf`: `wharf serve` is how the server commands are run (the client hands them over).
    private static string CommandPath(CommandResult result) =>
        result.Parent is CommandResult parent ? $"{CommandPath(parent)} {result.Command.Name}" : "wharf";
}
