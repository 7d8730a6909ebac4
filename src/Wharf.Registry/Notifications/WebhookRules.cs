namespace Wharf.Registry.Notifications;

/// <summary>What a webhook may be: checked by <see cref="WebhookService"/> before anything is stored, each rule a
/// <see cref="InvalidWebhookException"/> naming it.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 4096;

    /// <summary>Headers Wharf sets itself (and those HTTP itself owns), which a webhook cannot replace: the signature
    /// and ids must be Wharf's, and a receiver must be able to trust them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "User-Agent", "Proxy-Authorization", "Proxy-Connection",
    };

    /// <summary>An absolute http or https URL without credentials in it (they belong in a header, which is sealed) or a
    /// fragment; returns it as given.</summary>
    public static string Url(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxUrlLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new InvalidWebhookException($"url must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidWebhookException("url must not hold credentials: send them in a header (Authorization), which Wharf keeps sealed");
        }

        if (uri.Fragment.Length > 0)
        {
            throw new InvalidWebhookException("url must not have a #fragment");
        }

        return text;
    }

    /// <summary>At least one action.</summary>
    public static WebhookActions Actions(WebhookActions actions) =>
        actions == WebhookActions.None
            ? throw new InvalidWebhookException($"actions must name at least one of {string.Join(", ", WebhookActionWords.All)}")
            : actions;

    /// <summary>At most <see cref="MaxHeaders"/> headers, each an HTTP token name (not one Wharf sets, nor
    /// <c>X-Wharf-…</c>) with a value of visible characters and spaces.</summary>
    public static IReadOnlyDictionary<string, string> Headers(IReadOnlyDictionary<string, string> headers)
    {
        if (headers.Count > MaxHeaders)
        {
            throw new InvalidWebhookException($"at most {MaxHeaders} headers");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                throw new InvalidWebhookException($"header name '{Printable(name)}' is not an HTTP field name (letters, digits and !#$%&'*+-.^_`|~)");
            }

            if (Reserved.Contains(name) || name.StartsWith("X-Wharf-", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidWebhookException($"header '{name}' is set by Wharf itself");
            }

            if (!seen.Add(name))
            {
                throw new InvalidWebhookException($"header '{name}' is given twice");
            }

            if (value.Length > MaxHeaderValueLength || value.Any(ch => ch is < ' ' or '\x7f'))
            {
                // The value is not repeated: it may be a token.
                throw new InvalidWebhookException($"header '{name}' must have a value of at most {MaxHeaderValueLength} visible characters and spaces");
            }
        }

        return headers;
    }

    // RFC 9110 §5.6.2: tchar.
    private static bool IsTokenChar(char ch) => char.IsAsciiLetterOrDigit(ch) || "!#$%&'*+-.^_`|~".Contains(ch, StringComparison.Ordinal);

    private static string Printable(string text) => new([.. text.Take(64).Select(ch => ch is < ' ' or > '~' ? '?' : ch)]);
}
