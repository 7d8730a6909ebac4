using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class SecretTokensTests
{
    [Theory]
    [InlineData(AccessTokenKind.PersonalAccessToken, "wharf_pat_")]
    [InlineData(AccessTokenKind.RobotSecret, "wharf_rbt_")]
    [InlineData(AccessTokenKind.RefreshToken, "wharf_rft_")]
    public void Secrets_are_32_random_bytes_in_base64url_behind_a_prefix(AccessTokenKind kind, string prefix)
    {
        var secret = SecretTokens.Generate(kind);

        Assert.Matches($"^{prefix}[A-Za-z0-9_-]{{43}}$", secret);
        Assert.NotEqual(secret, SecretTokens.Generate(kind));
        Assert.Equal(kind, SecretTokens.KindOf(secret));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("wharf_pat_")]
    [InlineData("wharf_pat_tooshort")]
    [InlineData("wharf_xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Other_strings_are_no_kind_of_token(string secret)
    {
        Assert.Null(SecretTokens.KindOf(secret));
    }

    [Fact]
    public void Secrets_are_stored_as_lowercase_sha256_hex()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretTokens.Hash("abc"));
    }
}
