using System.Security.Cryptography;
using Wharf.Registry.Secrets;

namespace Wharf.Registry.Tests.Secrets;

/// <summary>Sealed secrets open only under the same key and for the same purpose, and a changed byte is detected; the key
/// file is made once, readable by its owner only, and kept when it exists.</summary>
public sealed class SecretBoxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-secretbox-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_sealed_secret_opens_only_with_its_key_and_purpose()
    {
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var sealedValue = box.Seal("hook-secret", "webhook");

        Assert.StartsWith("v1:", sealedValue, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-secret", sealedValue, StringComparison.Ordinal);
        Assert.NotEqual(sealedValue, box.Seal("hook-secret", "webhook")); // a fresh nonce each time
        Assert.Equal("hook-secret", box.Open(sealedValue, "webhook"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open(sealedValue, "credential"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretBox(RandomNumberGenerator.GetBytes(32)).Open(sealedValue, "webhook"));
        var bytes = Convert.FromBase64String(sealedValue[3..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => box.Open("v1:" + Convert.ToBase64String(bytes), "webhook"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open("plain text", "webhook"));
    }

    [Fact]
    public void The_key_file_is_made_once_for_its_owner_only()
    {
        var path = Path.Combine(_directory, "data", "secret.key");

        var first = SecretBox.LoadOrCreateKeyFile(path);
        var again = SecretBox.LoadOrCreateKeyFile(path);

        Assert.Equal(first, again);
        Assert.Equal(32, first.Length);
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Throws<ArgumentException>(() => SecretBox.ParseKey("c2hvcnQ=", "Secrets:Key"));
    }
}
