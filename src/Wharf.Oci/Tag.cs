using System.Text.RegularExpressions;

namespace Wharf.Oci;

/// <summary>The tag grammar of the distribution-spec: <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>.</summary>
public static partial class Tag
{
    public static bool IsValid(string? text) => text is not null && Grammar().IsMatch(text);

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
