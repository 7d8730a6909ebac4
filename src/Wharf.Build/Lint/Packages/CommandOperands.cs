namespace Wharf.Build.Lint.Packages;

/// <summary>
/// The operands of a command line (its non-option words): <c>--name=value</c> and flags are skipped, so is the
/// value after an option that takes one (<c>-o Dpkg::Options=x</c>, <c>--virtual .deps</c>), and everything after
/// <c>--</c> is an operand.
/// </summary>
internal static class CommandOperands
{
    public static IReadOnlyList<string> After(IReadOnlyList<string> words, int start, IReadOnlySet<string> optionsWithValue)
    {
        var operands = new List<string>();
        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                operands.AddRange(words.Skip(i + 1));
                break;
            }

            if (word.StartsWith('-') && word.Length > 1)
            {
                if (optionsWithValue.Contains(word))
                {
                    i++;
                }

                continue;
            }

            operands.Add(word);
        }

        return operands;
    }

    /// <summary>The value of <paramref name="names"/> given as <c>-v 1.2</c> or <c>--version=1.2</c>, or null.</summary>
    public static string? Value(IReadOnlyList<string> words, params string[] names)
    {
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var name in names)
            {
                if (words[i] == name && i + 1 < words.Count)
                {
                    return words[i + 1];
                }

                if (words[i].StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return words[i][(name.Length + 1)..];
                }
            }
        }

        return null;
    }

    /// <summary>True for a word whose value only the shell knows (<c>$PKGS</c>, <c>$(cat list)</c>, a backquote).</summary>
    public static bool IsUnknown(string word) => word.Contains('$', StringComparison.Ordinal) || word.Contains('`', StringComparison.Ordinal);

    /// <summary>The index of the first operand (the subcommand: <c>install</c> in <c>apt-get -y install</c>), or -1.</summary>
    public static int Subcommand(IReadOnlyList<string> words, IReadOnlySet<string> optionsWithValue)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (!words[i].StartsWith('-'))
            {
                return i;
            }

            if (optionsWithValue.Contains(words[i]))
            {
                i++;
            }
        }

        return -1;
    }
}
