using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Wharf.Server.Api.Accounts;

/// <summary>Enum values as the API spells them (<see cref="KebabCaseEnumConverter{TEnum}"/>), for query strings and
/// audit details.</summary>
internal static class ApiWords
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>([NotNullWhen(true)] string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Of(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The words of an enum, for error details: <c>read, read-write, delete</c>.</summary>
    public static string List<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Of));
}
