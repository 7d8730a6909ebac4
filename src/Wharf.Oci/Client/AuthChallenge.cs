using System.Text;

namespace Wharf.Oci.Client;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header (RFC 9110 §11.6.1): <c>Basic realm="…"</c> or
/// <c>Bearer realm="…",service="…",scope="…"</c> (the distribution token-auth flow).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    /// <summary>The scopes the registry asks for; one <c>scope</c> parameter may hold several, space-separated.</summary>
    public IReadOnlyList<string> Scopes =>
        Parameters.TryGetValue("scope", out var scope) ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    /// <summary>Parses a header value, which may hold several challenges (<c>Basic realm="a", Bearer realm="b"</c>).
    /// Malformed parameters are skipped rather than failing: a challenge is advice, not a contract.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(string header)
    {
        var challenges = new List<AuthChallenge>();
        var position = 0;
        while (position < header.Length)
        {
            SkipSeparators(header, ref position);
            var scheme = ReadToken(header, ref position);
            if (scheme.Length == 0)
            {
                break;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (position < header.Length)
            {
                SkipSeparators(header, ref position);
                var start = position;
                var name = ReadToken(header, ref position);
                SkipSpaces(header, ref position);
                if (name.Length == 0 || position >= header.Length || header[position] != '=')
                {
                    position = start; // the next challenge's scheme
                    break;
                }

                position++;
                SkipSpaces(header, ref position);
                parameters[name] = position < header.Length && header[position] == '"'
                    ? ReadQuoted(header, ref position)
                    : ReadToken(header, ref position);
            }

            challenges.Add(new AuthChallenge(scheme, parameters));
        }

        return challenges;
    }

    private static string ReadToken(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && text[position] is not (' ' or ',' or '=' or '"' or '\t'))
        {
            position++;
        }

        return text[start..position];
    }

    private static string ReadQuoted(string text, ref int position)
    {
        var value = new StringBuilder();
        position++; // opening quote
        while (position < text.Length && text[position] != '"')
        {
            if (text[position] == '\\' && position + 1 < text.Length)
            {
                position++;
            }

            value.Append(text[position++]);
        }

        position++; // closing quote
        return value.ToString();
    }

    private static void SkipSeparators(string text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or ',' or '\t')
        {
            position++;
        }
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
