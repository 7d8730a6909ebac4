using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Lint.Shell;

/// <summary>
/// The commands one RUN executes: the shell form's script, an exec form's argv (or the script of
/// <c>["sh", "-c", "…"]</c>), and heredoc bodies that the shell runs (<c>RUN &lt;&lt;EOF</c>, <c>RUN bash &lt;&lt;EOF</c>),
/// but not a heredoc fed to another program (<c>RUN python3 &lt;&lt;EOF</c>) or a body whose <c>#!</c> names one.
/// </summary>
internal static class RunScript
{
    public static IReadOnlyList<ShellCommand> Commands(RunInstruction run)
    {
        if (!run.Command.IsShellForm)
        {
            return run.Command.Arguments.Count == 0 ? [] : ShellCommandReader.ReadArgv(run.Command.Arguments);
        }

        var commands = ShellCommandReader.Read(run.Command.Arguments[0]);
        if (run.Heredocs.Count == 0)
        {
            return commands;
        }

        // BuildKit runs a RUN whose only word is the heredoc as the script itself; a shell reading it on stdin does the same.
        var bodiesAreScripts = commands.Count == 0 || commands.Any(ReadsStdin);
        if (!bodiesAreScripts)
        {
            return commands;
        }

        return [.. commands.Where(c => !ReadsStdin(c)), .. run.Heredocs.Where(IsShellScript).SelectMany(h => ShellCommandReader.Read(h.Content))];
    }

    private static bool ReadsStdin(ShellCommand command) =>
        ShellCommandReader.IsShell(command.Words[0]) && command.Words.Skip(1).All(w => w.StartsWith('-'));

    private static bool IsShellScript(Heredoc heredoc)
    {
        if (!heredoc.Content.StartsWith("#!", StringComparison.Ordinal))
        {
            return true;
        }

        var interpreter = heredoc.Content[2..].Split('\n', 2)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return interpreter.Length > 0 && (ShellCommandReader.IsShell(interpreter[0])
            || (Path.GetFileName(interpreter[0]) == "env" && interpreter.Length > 1 && ShellCommandReader.IsShell(interpreter[1])));
    }
}
