namespace Wharf.Build.Lint.Shell;

/// <summary>
/// One simple command of a RUN script as the linter sees it: its words with quotes removed (variables such as
/// <c>$PKGS</c> left as written, so a rule can tell a word it cannot know), the <c>NAME=value</c> assignments before
/// it, and the words redirections name (<c>&gt; /tmp/x</c>), which are not arguments. Wrappers such as <c>sudo</c>
/// and <c>env</c> are already removed, so <see cref="Name"/> is the program that does the work.
/// </summary>
internal sealed record ShellCommand(IReadOnlyList<string> Words, IReadOnlyList<string> Assignments, IReadOnlyList<string> RedirectTargets)
{
    /// <summary>The program's name without its directory (<c>/usr/bin/apt-get</c> is <c>apt-get</c>).</summary>
    public string Name => Path.GetFileName(Words[0]);

    public IReadOnlyList<string> Arguments => [.. Words.Skip(1)];

    /// <summary>The command as a person would write it, for messages: its words joined by spaces.</summary>
    public string Text => string.Join(' ', Words);

    /// <summary>True when one of the arguments is <paramref name="option"/> exactly.</summary>
    public bool Has(string option) => Words.Skip(1).Any(w => w == option);

    /// <summary>True when a variable was set for this command alone (<c>PIP_NO_CACHE_DIR=1 pip install …</c>).</summary>
    public bool Assigns(string name) => Assignments.Any(a => a.StartsWith(name + "=", StringComparison.Ordinal));
}
