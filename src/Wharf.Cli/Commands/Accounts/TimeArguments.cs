using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Cli.Commands.Accounts;

/// <summary>Options that take a time: a date (<c>2025-03-01</c>, midnight UTC), a date and time (UTC unless it says
/// otherwise), or for <see cref="Duration"/> a length like <c>12h</c>, <c>30d</c>, <c>4w</c>, <c>1y</c>. A bad value is a
/// usage error, reported in one line before anything is sent.</summary>
internal static partial class TimeArguments
{
    public const string DurationSyntax = "12h, 30d, 4w or 1y";

    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DATE",
        CustomParser = r => Parse<DateTimeOffset?>(r, text => TryParseTime(text, out var time) ? time : null, "a date: write YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]"),
    };

    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = r => Parse<TimeSpan?>(r, text => TryParseDuration(text, out var span) ? span : null, $"a duration: write e.g. {DurationSyntax}"),
    };

    /// <summary>A time, or a duration meaning that long before now (<c>--since 24h</c>).</summary>
    public static Option<DateTimeOffset?> TimeOrAgo(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DATE|DURATION",
        CustomParser = r => Parse<DateTimeOffset?>(r, text => TryParseTime(text, out var time) ? time
            : TryParseDuration(text, out var span) ? DateTimeOffset.UtcNow - span
            : null, $"a date or a duration: write YYYY-MM-DD[THH:MM[:SS]] or e.g. {DurationSyntax}"),
    };

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
        && DateTimeSyntax().IsMatch(text);

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationSyntaxRegex().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 100_000)
        {
            return false;
        }

        duration = match.Groups[2].Value switch
        {
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            _ => TimeSpan.FromDays(365 * n),
        };
        return true;
    }

    private static T? Parse<T>(ArgumentResult result, Func<string, T?> parse, string expected)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        var value = parse(text);
        if (value is null)
        {
            result.AddError($"'{text}' is not {expected}");
        }

        return value;
    }

    // DateTimeOffset.TryParse alone takes "1" or "March" too; a time on the command line is ISO 8601.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeSyntax();

    [GeneratedRegex(@"^(\d{1,6})([hdwy])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DurationSyntaxRegex();
}
