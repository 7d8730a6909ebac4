using System.Security.Cryptography;
using System.Text;

namespace Wharf.Registry.Auth;

/// <summary>Keeps secrets Wharf must be able to use again — a webhook's HMAC key and its extra headers (decision 022),
/// unlike passwords and tokens, which are only ever compared and so are hashed — in the database. With the operator's
/// key (<c>Secrets:Key</c>, 32 random bytes, the same on every node) they are sealed with AES-256-GCM: a reader of the
/// database or a backup without the key cannot use them, and a value moved to another row or purpose does not open
/// (the purpose is authenticated with it). Without a key they are kept as given, like the token signing keys
/// (decision 008). The stored text says which: <c>aes256gcm:BASE64</c> or <c>plain:TEXT</c>, so setting a key later
/// seals the secrets made from then on, and those kept before still open.</summary>
public sealed class SecretSealer
{
    /// <summary>The length of <c>Secrets:Key</c>, in bytes.</summary>
    public const int KeyBytes = 32;

    private const string SealedPrefix = "aes256gcm:";
    private const string PlainPrefix = "plain:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[]? _key;

    /// <param name="key">The key, <see cref="KeyBytes"/> long; null keeps secrets as given.</param>
    public SecretSealer(byte[]? key)
    {
        if (key is not null && key.Length != KeyBytes)
        {
            throw new ArgumentException($"a sealing key is {KeyBytes} bytes, not {key.Length}", nameof(key));
        }

        _key = key;
    }

    /// <summary>Whether secrets are sealed, or kept as given.</summary>
    public bool IsSealing => _key is not null;

    /// <summary>The stored form of <paramref name="secret"/>, for <paramref name="purpose"/> (a fixed word per kind of
    /// secret, such as <c>webhook-secret</c>).</summary>
    public string Seal(string secret, string purpose)
    {
        if (_key is null)
        {
            return PlainPrefix + secret;
        }

        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(purpose));
        return SealedPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret <see cref="Seal"/> kept as <paramref name="stored"/> for <paramref name="purpose"/>. Throws
    /// <see cref="CryptographicException"/> when it was sealed and this sealer has no key, another key, or the text was
    /// changed or made for another purpose.</summary>
    public string Open(string stored, string purpose)
    {
        if (stored.StartsWith(PlainPrefix, StringComparison.Ordinal))
        {
            return stored[PlainPrefix.Length..];
        }

        if (!stored.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("the stored secret is in no form this Wharf knows");
        }

        if (_key is null)
        {
            throw new CryptographicException("the stored secret is sealed, and Secrets:Key is not set on this node");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(stored[SealedPrefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("the stored secret is damaged", e);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("the stored secret is damaged");
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException("the stored secret does not open with Secrets:Key (another key, or changed)", e);
        }

        return Encoding.UTF8.GetString(plain);
    }
}
