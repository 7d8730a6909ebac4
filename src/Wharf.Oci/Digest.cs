using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Wharf.Oci;

/// <summary>A content digest, <c>algorithm:hex</c>, limited to the two algorithms the image-spec registers
/// (sha256 with 64 lowercase hex characters, sha512 with 128).</summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly record struct Digest
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    public string Hex { get; }

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"invalid digest '{text}'");

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expected = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (hex.Length != expected || !hex.All(IsLowerHex))
        {
            return false;
        }

        digest = new Digest(algorithm, hex);
        return true;
    }

    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Compute(ReadOnlySpan<byte> content, string algorithm = Sha256) => algorithm switch
    {
        Sha256 => FromHash(Sha256, SHA256.HashData(content)),
        Sha512 => FromHash(Sha512, SHA512.HashData(content)),
        _ => throw new ArgumentException($"unsupported digest algorithm '{algorithm}'", nameof(algorithm)),
    };

    /// <summary>An incremental hasher for this digest's algorithm, for hashing a stream as it passes.</summary>
    public static IncrementalHash CreateHasher(string algorithm) => algorithm switch
    {
        Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        Sha512 => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentException($"unsupported digest algorithm '{algorithm}'", nameof(algorithm)),
    };

    private static bool IsLowerHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
}
