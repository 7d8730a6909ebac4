using System.Security.Cryptography;
using System.Text;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>A webhook delivery as it arrived: its headers (names compared without case) and its raw body, which is
/// what every host signs, so it is verified before anything parses it.</summary>
public sealed class WebhookRequest(IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
{
    public ReadOnlyMemory<byte> Body => body;

    /// <summary>The sender, by the event header only it sends. Gitea and Forgejo also send GitHub's headers, so they are
    /// asked first; anything else is the generic form.</summary>
    public GitHost Host =>
        Has("X-Gitlab-Event") ? GitHost.GitLab
        : Has("X-Gitea-Event") || Has("X-Forgejo-Event") ? GitHost.Gitea
        : Has("X-Event-Key") ? GitHost.Bitbucket
        : Has("X-GitHub-Event") ? GitHost.GitHub
        : GitHost.Generic;

    public string? Header(string name) =>
        headers.TryGetValue(name, out var value) ? value : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Whether <paramref name="givenHex"/> (hex, any case) is the HMAC-SHA256 of the body under
    /// <paramref name="secret"/>, compared in constant time.</summary>
    public bool HasHmac(string? givenHex, string secret)
    {
        if (givenHex is null || givenHex.Length != 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(givenHex);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body.Span);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Whether a token sent in the clear is <paramref name="secret"/>: both hashed first, so the comparison
    /// takes the same time whatever the lengths.</summary>
    public static bool IsToken(string? given, string secret) =>
        given is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private bool Has(string name) => Header(name) is not null;
}
