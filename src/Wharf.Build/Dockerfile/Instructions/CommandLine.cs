namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK. Shell form is one argument run through the stage's SHELL;
/// exec form (a JSON array) is the argv itself. The builder never substitutes variables here: the shell does.
/// </summary>
public sealed record CommandLine(IReadOnlyList<string> Arguments, bool IsShellForm)
{
    public static CommandLine Shell(string text) => new([text], true);

    public static CommandLine Exec(IReadOnlyList<string> argv) => new(argv, false);
}
