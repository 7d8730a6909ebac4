using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wharf.Server.Options;

namespace Wharf.Server.Auth;

/// <summary>Checks an access token presented to the registry (distribution docs/spec/auth/jwt.md, "Verifying the
/// token"): ES256 only, signed by the current or a retained key of the <see cref="SigningKeyStore"/> named by its
/// <c>kid</c>, <c>iss</c> ours, <c>aud</c> exactly the service asked about, within <c>nbf</c>..<c>exp</c> give or take
/// <see cref="MaxClockSkew"/>, and expiring no later than a token we issue now would. The signature is checked by
/// hand rather than through the library's validation pipeline: the rules stay in one screenful, the call stays
/// synchronous and cheap, and no header field (<c>jwk</c>, <c>jku</c>, <c>x5c</c>) can ever choose the key.
/// Thread-safe.</summary>
public sealed class TokenValidator(SigningKeyStore keys, TimeProvider clock, AuthOptions options)
{
    /// <summary>How far the clocks of the issuing and the validating node may disagree.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Far above any token we issue; refusing longer ones first bounds the work an attacker can cause.</summary>
    private const int MaxTokenLength = 16 * 1024;

    /// <summary>Tokens whose signature and claims were checked, by their exact text: clients reuse a token for every
    /// request in its scope, and an ECDSA verification costs far more than the rest of a manifest GET. Time is
    /// checked again on every hit. Bounded: when full, it is emptied and refills with the tokens in use.</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (ValidatedToken Token, string Audience, DateTimeOffset? NotBefore)> _checked = new(StringComparer.Ordinal);

    /// <summary>The token's subject and grants when it is valid for <paramref name="audience"/>; null for anything
    /// else (malformed, another algorithm, bad signature, unknown key, wrong issuer or audience, expired, not yet
    /// valid). Never throws for any input (a database failure while looking a key up does propagate). Completes
    /// synchronously for a token checked before.</summary>
    public async ValueTask<ValidatedToken?> ValidateAsync(string token, string audience, CancellationToken ct)
    {
        if (token.Length is 0 or > MaxTokenLength)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (_checked.TryGetValue(token, out var hit))
        {
            return hit.Audience == audience && InTime(hit.Token.ExpiresAt, hit.NotBefore, now) ? hit.Token : null;
        }

        if (Parse(token) is not { } jwt || await keys.FindAsync(jwt.Kid ?? "", ct) is not { } key)
        {
            return null;
        }

        try
        {
            if (!VerifySignature(token, key.Key) || Claims(jwt, audience) is not { } valid || !InTime(valid.Token.ExpiresAt, valid.NotBefore, now))
            {
                return null;
            }

            if (_checked.Count >= MaxCached)
            {
                _checked.Clear();
            }

            _checked[token] = (valid.Token, audience, valid.NotBefore);
            return valid.Token;
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return null;
        }
    }

    /// <summary>The token's header and payload, if it is a well-formed JWS naming our one algorithm.</summary>
    private static JsonWebToken? Parse(string token)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            // The algorithm is ours to decide, not the token's: this one check refuses "none", HS256 keyed with our
            // public key, and everything else.
            return jwt.IsEncrypted || jwt.Alg != SecurityAlgorithms.EcdsaSha256 || jwt.TryGetHeaderValue<object>("crit", out _) ? null : jwt;
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return null;
        }
    }

    private static bool IsMalformed(Exception e) =>
        e is ArgumentException or FormatException or JsonException or CryptographicException or InvalidOperationException or OverflowException;

    /// <summary>jwt.md: the current time must be between nbf and exp; both sides get <see cref="MaxClockSkew"/>. And no
    /// token lives longer than our issuer makes them (<c>Auth:TokenLifetime</c>): one signed with an <c>exp</c> years
    /// ahead — by whoever got hold of a signing key — is refused, not honoured until then (decision 015).</summary>
    private bool InTime(DateTimeOffset expiresAt, DateTimeOffset? notBefore, DateTimeOffset now) =>
        now <= expiresAt + MaxClockSkew && !(now < notBefore - MaxClockSkew) && expiresAt <= now + options.TokenLifetime + MaxClockSkew;

    /// <summary>Everything but time: issuer, audience, and the claims' shapes. exp is required; an absent nbf is no
    /// restriction; the library refuses times that are not numbers while parsing.</summary>
    private (ValidatedToken Token, DateTimeOffset? NotBefore)? Claims(JsonWebToken jwt, string audience)
    {
        var audiences = jwt.Audiences.ToList();
        if (jwt.Issuer != options.Issuer || audiences.Count != 1 || audiences[0] != audience || !jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return null;
        }

        DateTimeOffset? notBefore = jwt.TryGetPayloadValue<long>("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(nbf) : null;
        return Access(jwt) is { } access
            ? (new ValidatedToken(jwt.Subject ?? "", access, DateTimeOffset.FromUnixTimeSeconds(exp), jwt.Id ?? ""), notBefore)
            : null;
    }

    /// <summary>The <c>access</c> entries; an absent claim grants nothing, a malformed one voids the token.</summary>
    private static List<GrantedAccess>? Access(JsonWebToken jwt)
    {
        var entries = new List<GrantedAccess>();
        if (!jwt.TryGetPayloadValue<object>("access", out var claim))
        {
            return entries;
        }

        // The library hands arrays and objects over as JsonElement, scalars as CLR values.
        if (claim is not JsonElement { ValueKind: JsonValueKind.Array } access)
        {
            return null;
        }

        foreach (var entry in access.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array
                || actions.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            {
                return null;
            }

            entries.Add(new GrantedAccess(type.GetString()!, name.GetString()!, [.. actions.EnumerateArray().Select(a => a.GetString()!)]));
        }

        return entries;
    }

    /// <summary>RFC 7515 §5.2 / RFC 7518 §3.4: ECDSA P-256 SHA-256 over the ASCII of <c>header.payload</c>, the
    /// signature being r‖s, 64 bytes.</summary>
    private static bool VerifySignature(string token, ECDsa key)
    {
        var dot = token.LastIndexOf('.');
        var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        return signature.Length == 64
            && key.VerifyData(Encoding.ASCII.GetBytes(token, 0, dot), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
