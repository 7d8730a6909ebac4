using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Build.Dockerfile;

/// <summary>Docker's RAM sizes (<c>64m</c>, <c>1.5g</c>, <c>512KiB</c>, <c>1024</c>): binary multiples, case-insensitive.</summary>
public static partial class ByteSize
{
    public static long? Parse(string text)
    {
        var match = SizePattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var multiplier = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "" => 1L,
            "k" => 1L << 10,
            "m" => 1L << 20,
            "g" => 1L << 30,
            "t" => 1L << 40,
            _ => 1L << 50,
        };
        return (long)(number * multiplier);
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?) ?([kKmMgGtTpP])?(?:i?[bB])?$")]
    private static partial Regex SizePattern();
}
