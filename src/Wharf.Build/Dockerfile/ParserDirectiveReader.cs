using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Recognises parser directives: <c># key=value</c> lines before any instruction, comment or blank line. Keys are
/// case-insensitive and each may appear once; an unknown key or any other line ends the directive section, after
/// which such lines are ordinary comments.
/// </summary>
internal sealed partial class ParserDirectiveReader(string file)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _done;

    public ParserDirectives Result { get; private set; } = ParserDirectives.Default;

    public void Offer(string line, int lineNumber)
    {
        if (_done)
        {
            return;
        }

        if (!line.StartsWith('#'))
        {
            _done = true;
            return;
        }

        var match = DirectivePattern().Match(line[1..].TrimStart());
        var key = match.Success ? match.Groups[1].Value.ToLowerInvariant() : "";
        if (key is not ("syntax" or "escape" or "check"))
        {
            _done = true;
            return;
        }

        if (!_seen.Add(key))
        {
            throw new DockerfileException(file, lineNumber, null, $"only one {key} parser directive can be used");
        }

        var value = match.Groups[2].Value;
        Result = key switch
        {
            "escape" => Result with { Escape = ParseEscape(value, lineNumber) },
            "syntax" => Result with { Syntax = value },
            _ => Result with { Check = DockerfileCheck.Parse(value, detail => new DockerfileException(file, lineNumber, null, detail)) },
        };
    }

    private char ParseEscape(string value, int lineNumber) => value switch
    {
        "\\" => '\\',
        "`" => '`',
        _ => throw new DockerfileException(file, lineNumber, null, $"invalid escape token '{value}' does not match ` or \\"),
    };

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex DirectivePattern();
}
