using System.Globalization;

namespace Wharf.Cli.Commands.Accounts;

/// <summary>How account commands show values in tables and messages.</summary>
internal static class Display
{
    /// <summary>UTC to the second, the same on every machine: <c>2025-03-01 14:05:09Z</c>.</summary>
    public static string? Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";
}
