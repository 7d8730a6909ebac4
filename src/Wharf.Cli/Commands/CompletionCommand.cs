using System.CommandLine;

namespace Wharf.Cli.Commands;

/// <summary><c>wharf completion bash|zsh</c>: prints a shell completion script. The shell asks wharf itself for
/// suggestions through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completion always matches the
/// commands and options of the wharf that is installed.</summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # wharf completion for bash; load with: source <(wharf completion bash)
        _wharf_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(wharf "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _wharf_complete wharf

        """;

    private const string ZshPrelude = """
        # wharf completion for zsh; load with: source <(wharf completion zsh)
        autoload -U +X bashcompinit && bashcompinit

        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script: source <(wharf completion bash)") { shell };
        command.SetAction(result =>
        {
            Console.Write(result.GetValue(shell) == "zsh" ? ZshPrelude + Bash : Bash);
            return 0;
        });
        return command;
    }
}
