using System.Security.Cryptography;
using System.Text;
using Wharf.Oci;

namespace Wharf.Registry.Secrets;

/// <summary>Seals the secrets Wharf must keep readable — a trigger's webhook secret (to check a host's HMAC) and its git
/// credentials, a queued build's secrets and ssh key files until it ends (decision 017) — before they reach the database,
/// with AES-256-GCM under the operator's key (decision 023): a copy of the database, or a backup, does not give them away.
/// A sealed value is <c>v1:</c> and base64 of nonce, ciphertext and tag; its purpose (what it is for) is authenticated
/// too, so a sealed webhook secret cannot be passed off as a credential.</summary>
public sealed class SecretBox
{
    public const int KeySize = 32;
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretBox(byte[] key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"a secret key is {KeySize} bytes, not {key.Length}", nameof(key));
        }

        _key = key;
    }

    public string Seal(string secret, string purpose) => Seal(Encoding.UTF8.GetBytes(secret), purpose);

    /// <summary>Seals bytes that need not be text (a build secret is any file's content).</summary>
    public string Seal(ReadOnlySpan<byte> plain, string purpose)
    {
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(purpose));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret; <see cref="CryptographicException"/> when the value was sealed under another key or for
    /// another purpose, or was changed.</summary>
    public string Open(string sealedValue, string purpose) => Encoding.UTF8.GetString(OpenBytes(sealedValue, purpose));

    /// <summary>The sealed bytes, as <see cref="Open"/> opens text.</summary>
    public byte[] OpenBytes(string sealedValue, string purpose)
    {
        if (!sealedValue.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("not a sealed secret of this version");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(sealedValue[Version.Length..]);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("a sealed secret that is not base64", e);
        }

        if (bytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("a sealed secret too short to be one");
        }

        var plain = new byte[bytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, plain.Length), bytes.AsSpan(NonceSize + plain.Length), plain, Encoding.UTF8.GetBytes(purpose));
        return plain;
    }

    /// <summary>The key in <paramref name="path"/> (32 random bytes, base64), made with mode 0600 when there is none yet:
    /// a single node's default. Nodes that share a database must share the key (<c>Secrets:Key</c> or the same file).</summary>
    public static byte[] LoadOrCreateKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + $".tmp-{Guid.NewGuid():N}";
            PrivateFile.Write(temporary, Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize)) + "\n"));

            try
            {
                File.Move(temporary, path, overwrite: false); // a node that got there first keeps its key
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return ParseKey(File.ReadAllText(path), path);
    }

    /// <summary>A key written as base64 of 32 bytes; <see cref="ArgumentException"/> naming <paramref name="source"/> otherwise.</summary>
    public static byte[] ParseKey(string text, string source)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            return key.Length == KeySize ? key : throw new ArgumentException($"{source}: a secret key is base64 of {KeySize} bytes, not {key.Length}");
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{source}: a secret key is base64 of {KeySize} bytes (openssl rand -base64 32)");
        }
    }
}
