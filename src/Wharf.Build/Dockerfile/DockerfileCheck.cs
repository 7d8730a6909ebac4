namespace Wharf.Build.Dockerfile;

/// <summary>
/// The <c># check=skip=RuleA,RuleB;error=true</c> directive: which advice rules are silenced and whether advice
/// fails the build. <c>skip=all</c> silences everything.
/// </summary>
public sealed record DockerfileCheck(IReadOnlyList<string> Skip, bool Error, string? Raw)
{
    public static DockerfileCheck None { get; } = new([], false, null);

    public bool Skips(string ruleId) =>
        Skip.Any(s => s.Equals("all", StringComparison.OrdinalIgnoreCase) || s.Equals(ruleId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the directive's value; unknown keys are refused, as BuildKit refuses them.</summary>
    public static DockerfileCheck Parse(string value, Func<string, Exception> error)
    {
        var skip = new List<string>();
        var failOnAdvice = false;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw error($"invalid check directive \"{part}\": expected key=value");
            }

            var key = part[..equals].Trim().ToLowerInvariant();
            var setting = part[(equals + 1)..].Trim();
            switch (key)
            {
                case "skip":
                    skip.AddRange(setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "error":
                    if (!bool.TryParse(setting, out failOnAdvice))
                    {
                        throw error($"invalid check directive: error must be true or false, not \"{setting}\"");
                    }

                    break;
                default:
                    throw error($"invalid check directive: unknown key \"{key}\"");
            }
        }

        return new DockerfileCheck(skip, failOnAdvice, value);
    }
}
