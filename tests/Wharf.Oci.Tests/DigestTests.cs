using System.Text;

namespace Wharf.Oci.Tests;

public sealed class DigestTests
{
    [Theory]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    public void Parses_supported_digests_and_round_trips(string text)
    {
        Assert.True(Digest.TryParse(text, out var digest));
        Assert.Equal(text, digest.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData(":abc")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha512:abc")]
    public void Refuses_malformed_or_unsupported_digests(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void Compute_matches_known_empty_hashes()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Compute([]).ToString());
        Assert.StartsWith("sha512:cf83e1357eefb8bd", Digest.Compute([], Digest.Sha512).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Incremental_hasher_equals_one_shot_hash()
    {
        var content = Encoding.UTF8.GetBytes("hello, wharf");
        using var hasher = Digest.CreateHasher(Digest.Sha256);
        hasher.AppendData(content.AsSpan(0, 5));
        hasher.AppendData(content.AsSpan(5));

        Assert.Equal(Digest.Compute(content), Digest.FromHash(Digest.Sha256, hasher.GetHashAndReset()));
    }
}
