using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wharf.Registry.Auth;

/// <summary>The grammar of account and team names: like a repository path component (so every account name is a
/// valid namespace), lowercase <c>a-z0-9</c> with single <c>-</c> <c>_</c> <c>.</c> separators, 2–64 characters.
/// Robots are <c>ORG+NAME</c>; <c>+</c> appears in no other name, so a robot never collides with a user or an
/// organisation and always names its owner (decision 007).</summary>
public static partial class AccountName
{
    public const int MinLength = 2;
    public const int MaxLength = 64;
    public const char RobotSeparator = '+';

    /// <summary>True for a valid user, organisation or team name (not a robot's).</summary>
    public static bool IsValid([NotNullWhen(true)] string? name) =>
        name is { Length: >= MinLength and <= MaxLength } && Component().IsMatch(name);

    /// <summary>True for a valid <c>ORG+NAME</c>.</summary>
    public static bool IsValidRobot([NotNullWhen(true)] string? name) => TrySplitRobot(name, out _, out _);

    /// <summary>A valid user, organisation or robot name: any name an account can have.</summary>
    public static bool IsValidAccount([NotNullWhen(true)] string? name) => IsValid(name) || IsValidRobot(name);

    public static string Robot(string organisation, string name) => $"{organisation}{RobotSeparator}{name}";

    /// <summary>Splits <c>ORG+NAME</c> into its two valid parts; false for anything else.</summary>
    public static bool TrySplitRobot(
        [NotNullWhen(true)] string? robot, [NotNullWhen(true)] out string? organisation, [NotNullWhen(true)] out string? name)
    {
        var plus = robot is null ? -1 : robot.IndexOf(RobotSeparator, StringComparison.Ordinal);
        if (plus > 0 && IsValid(robot![..plus]) && IsValid(robot[(plus + 1)..]))
        {
            organisation = robot[..plus];
            name = robot[(plus + 1)..];
            return true;
        }

        organisation = name = null;
        return false;
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Component();
}
