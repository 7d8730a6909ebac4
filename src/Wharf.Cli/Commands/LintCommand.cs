using System.CommandLine;
using Wharf.Build.Dockerfile;
using Wharf.Build.Lint;
using Wharf.Cli.Output;

namespace Wharf.Cli.Commands;

/// <summary>
/// <c>wharf lint [--format text|json] [-f] DOCKERFILE...</c>: the builder's layering and pinning advice without a
/// build. Exit 0 with no advice, 1 with advice (so CI can gate on it), 2 when a Dockerfile cannot be read or is one
/// docker would refuse (the parser's one-line error); the others are still linted.
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var dockerfiles = new Argument<string[]>("dockerfile")
        {
            Description = "The Dockerfiles to check (default: ./Dockerfile).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var file = new Option<string[]>("--file", "-f") { Description = "A Dockerfile to check, as docker build -f names it (repeatable)." };
        var format = new Option<string>("--format") { Description = "text (one line per advice) or json (an array).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("lint", "Give layering and pinning advice on Dockerfiles without building them (exit 1 when there is advice).")
        {
            dockerfiles, file, format,
        };
        command.SetAction((result, ct) => CommandRunner.RunAsync("lint", async () =>
        {
            string[] paths = [.. result.GetValue(file) ?? [], .. result.GetValue(dockerfiles) ?? []];
            var advice = new List<Advice>();
            var unreadable = false;
            foreach (var path in paths.Length == 0 ? ["Dockerfile"] : paths)
            {
                try
                {
                    advice.AddRange(DockerfileLinter.Lint(await DockerfileParser.ParseFileAsync(path, null, ct)));
                }
                catch (Exception e) when (Unreadable(path, e) is { } message)
                {
                    await Console.Error.WriteLineAsync($"wharf lint: {message}");
                    unreadable = true;
                }
            }

            if (result.GetValue(format) == "json")
            {
                JsonOutput.Write(advice, OutputJson.Default);
            }
            else
            {
                foreach (var a in advice)
                {
                    Console.WriteLine($"{a.File}:{a.Line} {a.RuleId}: {a.Message} (fix: {a.Fix})");
                }
            }

            return unreadable ? 2 : advice.Count > 0 ? 1 : 0;
        }));
        return command;
    }

    private static string? Unreadable(string path, Exception e) => e switch
    {
        DockerfileException => e.Message,
        FileNotFoundException or DirectoryNotFoundException => $"{path}: no such file",
        IOException or UnauthorizedAccessException => $"{path}: {e.Message}",
        _ => null,
    };
}
