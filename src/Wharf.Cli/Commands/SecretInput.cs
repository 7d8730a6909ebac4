using System.Text;

namespace Wharf.Cli.Commands;

/// <summary>Reads passwords: from standard input for scripts (one per line, like <c>docker login --password-stdin</c>),
/// or asked on the terminal without echo. Never from the command line, which ends up in shell history and <c>ps</c>.</summary>
internal static class SecretInput
{
    /// <summary>True when the secrets come from standard input: asked for with the flag, or no terminal to ask on.</summary>
    public static bool FromStandardInput(bool passwordStdin) => passwordStdin || Console.IsInputRedirected;

    /// <summary>The next <paramref name="count"/> lines of standard input; an error naming <paramref name="what"/>
    /// when there are fewer, or one is empty.</summary>
    public static async Task<string[]> ReadLinesAsync(int count, string what, CancellationToken ct)
    {
        var lines = new string[count];
        for (var i = 0; i < count; i++)
        {
            var line = await Console.In.ReadLineAsync(ct);
            if (string.IsNullOrEmpty(line))
            {
                throw new ArgumentException($"expected {what} on standard input, one per line");
            }

            lines[i] = line;
        }

        return lines;
    }

    /// <summary>Asks for a new password twice on the terminal and checks the two agree.</summary>
    public static string PromptNew(string label)
    {
        var first = Prompt($"{label}: ");
        if (first.Length == 0)
        {
            throw new ArgumentException("the password is empty");
        }

        return Prompt($"Repeat {char.ToLowerInvariant(label[0])}{label[1..]}: ") == first
            ? first
            : throw new ArgumentException("the two passwords differ");
    }

    /// <summary>Asks on the terminal without echoing what is typed.</summary>
    public static string Prompt(string label)
    {
        if (Console.IsInputRedirected)
        {
            throw new ArgumentException("no terminal to ask for the password: use --password-stdin");
        }

        Console.Error.Write(label);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
            {
                text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
