using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Wharf.Oci;

/// <summary>A repository name by the distribution-spec grammar: lowercase path components separated by
/// <c>/</c>, each <c>[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*</c>.</summary>
public readonly partial record struct RepositoryName
{
    /// <summary>distribution-spec: clients commonly limit host + name to 255 characters; we cap the name there.</summary>
    public const int MaxLength = 255;

    private RepositoryName(string value) => Value = value;

    public string Value { get; }

    /// <summary>The first path component: the namespace that owns the repository.</summary>
    public string Namespace => Value.Split('/')[0];

    public override string ToString() => Value;

    public static RepositoryName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"invalid repository name '{text}'");

    public static bool TryParse([NotNullWhen(true)] string? text, out RepositoryName name)
    {
        name = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Grammar().IsMatch(text))
        {
            return false;
        }

        name = new RepositoryName(text);
        return true;
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
