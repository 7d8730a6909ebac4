namespace Wharf.Build.Dockerfile;

/// <summary>
/// The <c>--name[=value]</c> flags of one instruction, checked against what the instruction accepts: unknown
/// flags (with a suggestion), a repeated flag that is not repeatable, a missing value and a bad boolean are refused
/// with BuildKit's rules (<c>--link</c> alone means true; <c>--link=</c> is an error).
/// </summary>
internal sealed class InstructionFlags
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private InstructionFlags()
    {
    }

    public static InstructionFlags Parse(IReadOnlyList<string> words, IReadOnlyDictionary<string, FlagKind> accepted)
    {
        var flags = new InstructionFlags();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? word[2..] : word[2..equals];
            var value = equals < 0 ? null : word[(equals + 1)..];
            if (!accepted.TryGetValue(name, out var kind))
            {
                throw new FormatException($"unknown flag --{name}{Suggestion.DidYouMean(name, accepted.Keys, "--")}");
            }

            if (flags._values.ContainsKey(name) && kind != FlagKind.Repeatable)
            {
                throw new FormatException($"duplicate flag specified: --{name}");
            }

            flags.Add(name, kind switch
            {
                FlagKind.Boolean => ParseBoolean(name, value),
                _ => value ?? throw new FormatException($"missing a value on flag: --{name}"),
            });
        }

        return flags;
    }

    public string? String(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Strings(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public bool? Boolean(string name) => _values.TryGetValue(name, out var values) ? values[^1] == "true" : null;

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = values = [];
        }

        values.Add(value);
    }

    private static string ParseBoolean(string name, string? value) => value?.ToLowerInvariant() switch
    {
        null or "true" => "true",
        "false" => "false",
        "" => throw new FormatException($"missing a value on flag: --{name}"),
        _ => throw new FormatException($"expecting boolean value for flag --{name}, not: {value}"),
    };
}
