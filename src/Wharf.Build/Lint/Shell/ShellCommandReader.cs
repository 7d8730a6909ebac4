namespace Wharf.Build.Lint.Shell;

/// <summary>
/// Turns a script into the <see cref="ShellCommand"/>s that do the work: leading <c>NAME=value</c> assignments set
/// aside, shell keywords (<c>if</c>, <c>then</c>, <c>do</c>, <c>!</c>, <c>{</c>…) and wrappers (<c>sudo</c>,
/// <c>env</c>, <c>exec</c>, <c>command</c>, <c>nohup</c>, <c>time</c>, <c>xargs</c>) stripped, and the script of
/// <c>sh -c '…'</c> read as commands of its own.
/// </summary>
internal static class ShellCommandReader
{
    private static readonly HashSet<string> Keywords = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time", "esac"];

    private static readonly HashSet<string> Shells = ["sh", "bash", "ash", "dash", "zsh"];

    // The options of each wrapper that take a value, so the value is not mistaken for the command.
    private static readonly Dictionary<string, HashSet<string>> Wrappers = new(StringComparer.Ordinal)
    {
        ["sudo"] = ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"],
        ["env"] = ["-u", "-C", "-S", "--unset", "--chdir"],
        ["exec"] = ["-a"],
        ["command"] = [],
        ["nohup"] = [],
        ["nice"] = ["-n"],
        ["xargs"] = ["-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter", "--max-args", "--max-procs"],
    };

    public static IReadOnlyList<ShellCommand> Read(string script)
    {
        var commands = new List<ShellCommand>();
        foreach (var scanned in ShellScanner.Scan(script))
        {
            Add(commands, [.. scanned.Where(w => !w.Redirect).Select(w => w.Word)], [.. scanned.Where(w => w.Redirect).Select(w => w.Word)]);
        }

        return commands;
    }

    /// <summary>An exec-form argv (<c>RUN ["apt-get", "install", "x"]</c>), read like a command of a script.</summary>
    public static IReadOnlyList<ShellCommand> ReadArgv(IReadOnlyList<string> argv)
    {
        var commands = new List<ShellCommand>();
        Add(commands, [.. argv], []);
        return commands;
    }

    /// <summary>True for <c>sh</c>, <c>/bin/bash</c> and the other POSIX-like shells.</summary>
    public static bool IsShell(string program) => Shells.Contains(Path.GetFileName(program));

    private static void Add(List<ShellCommand> commands, List<string> words, IReadOnlyList<string> redirects)
    {
        var assignments = new List<string>();
        var start = 0;
        while (start < words.Count)
        {
            var word = words[start];
            if (Keywords.Contains(word))
            {
                start++;
            }
            else if (IsAssignment(word))
            {
                assignments.Add(word);
                start++;
            }
            else if (Wrappers.TryGetValue(word, out var valued))
            {
                start++;
                while (start < words.Count && (words[start].StartsWith('-') || (word == "env" && IsAssignment(words[start]))))
                {
                    if (IsAssignment(words[start]))
                    {
                        assignments.Add(words[start]);
                    }

                    start += valued.Contains(words[start]) ? 2 : 1;
                }
            }
            else
            {
                break;
            }
        }

        if (start >= words.Count)
        {
            return;
        }

        words = words[start..];
        if (IsShell(words[0]) && ScriptOf(words) is { } script)
        {
            commands.AddRange(Read(script));
            return;
        }

        commands.Add(new ShellCommand(words, assignments, redirects));
    }

    /// <summary>The script of <c>sh [-e…] -c 'script'</c>, or null when the shell is not given one that way.</summary>
    private static string? ScriptOf(List<string> words)
    {
        for (var i = 1; i < words.Count - 1; i++)
        {
            if (words[i].StartsWith('-') && !words[i].StartsWith("--", StringComparison.Ordinal) && words[i].Contains('c', StringComparison.Ordinal))
            {
                return words[i + 1];
            }

            if (!words[i].StartsWith('-') && words[i - 1] != "-o")
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && (char.IsAsciiLetter(word[0]) || word[0] == '_') && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }
}
