using System.Security.Cryptography;
using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>Secrets Wharf keeps to use again: sealed under the operator's key, opened only with it and only for the
/// purpose they were sealed for; kept as given without a key, and still opened once a key is set.</summary>
public sealed class SecretSealerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(SecretSealer.KeyBytes);

    [Fact]
    public void A_sealed_secret_opens_with_its_key_and_purpose_only()
    {
        var sealer = new SecretSealer(Key);

        var stored = sealer.Seal("wharf_whsec_abc", "webhook-secret");

        Assert.StartsWith("aes256gcm:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, sealer.Seal("wharf_whsec_abc", "webhook-secret")); // a fresh nonce each time
        Assert.Equal("wharf_whsec_abc", sealer.Open(stored, "webhook-secret"));
        Assert.Throws<CryptographicException>(() => sealer.Open(stored, "webhook-headers"));
        Assert.Throws<CryptographicException>(() => new SecretSealer(RandomNumberGenerator.GetBytes(32)).Open(stored, "webhook-secret"));
        Assert.Throws<CryptographicException>(() => new SecretSealer(null).Open(stored, "webhook-secret"));
        Assert.Throws<CryptographicException>(() => sealer.Open(stored[..^4] + "AAA=", "webhook-secret"));
    }

    [Fact]
    public void Without_a_key_a_secret_is_kept_as_given_and_opens_after_a_key_is_set()
    {
        var stored = new SecretSealer(null).Seal("s3cret", "webhook-secret");

        Assert.Equal("plain:s3cret", stored);
        Assert.Equal("s3cret", new SecretSealer(Key).Open(stored, "webhook-secret"));
        Assert.Throws<CryptographicException>(() => new SecretSealer(Key).Open("rot13:x", "webhook-secret"));
        Assert.Throws<ArgumentException>(() => new SecretSealer(new byte[16]));
    }
}
