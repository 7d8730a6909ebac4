using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;

namespace Wharf.Server.Auth.Web;

/// <summary>A user name and secret from an <c>Authorization: Basic</c> header (RFC 7617).</summary>
internal sealed record BasicCredentials(string User, string Secret)
{
    public static bool TryParse(string header, [NotNullWhen(true)] out BasicCredentials? credentials)
    {
        credentials = null;
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is not { Length: > 0 } encoded)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return false;
        }

        // RFC 7617 §2: the user id cannot contain a colon; the password can.
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        credentials = new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
        return true;
    }
}
