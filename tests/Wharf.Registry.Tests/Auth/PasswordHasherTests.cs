using System.Text.RegularExpressions;
using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Argon2id_hashes_are_self_describing_salted_and_verify()
    {
        var hash = PasswordHasher.Hash("correct horse battery staple");
        var again = PasswordHasher.Hash("correct horse battery staple");

        Assert.Matches(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", hash);
        Assert.NotEqual(hash, again);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
        Assert.True(PasswordHasher.Verify("correct horse battery staple", again));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", hash));
        Assert.False(PasswordHasher.Verify("", hash));
        Assert.True(PasswordHasher.IsSupported(hash));
    }

    [Fact]
    public void Non_ascii_passwords_round_trip()
    {
        var hash = PasswordHasher.Hash("pässwörd ✓");

        Assert.True(PasswordHasher.Verify("pässwörd ✓", hash));
        Assert.False(PasswordHasher.Verify("passwörd ✓", hash));
    }

    [Fact]
    public void Verifies_the_argon2id_reference_test_vector_with_its_own_parameters()
    {
        // From the Argon2 reference implementation's test suite (argon2id, v=19, m=64 MiB, t=2, p=1, salt "somesalt").
        const string reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        Assert.True(PasswordHasher.Verify("password", reference));
        Assert.False(PasswordHasher.Verify("Password", reference));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=1000,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=0$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1,x=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$!!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$")]
    [InlineData("$2y$99$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234")]
    [InlineData("$2y$05$!!!!!!!!!!!!!!!!!!!!!!abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("$apr1$abcdefgh$abcdefghijklmnopqrstuv")]
    [InlineData("{SHA}qvTGHdzF6KLavt4PO0gs2a6pQ00=")]
    public void A_malformed_or_unsupported_hash_is_no_match_and_never_throws(string hash)
    {
        Assert.False(PasswordHasher.Verify("password", hash));
        Assert.False(PasswordHasher.IsSupported(hash));
    }

    [Fact]
    public void No_hash_is_no_match()
    {
        Assert.False(PasswordHasher.Verify("password", null));
    }

    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public void Bcrypt_hashes_from_htpasswd_verify_as_bcrypt(string revision)
    {
        // htpasswd -B writes $2y$; BCrypt.Net writes $2a$. The revisions are the same algorithm for these passwords.
        var line = "alice:" + Regex.Replace(BCrypt.Net.BCrypt.HashPassword("s3cret!", 5), @"^\$2.\$", revision);
        var hash = line["alice:".Length..];

        Assert.StartsWith(revision, hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.IsBcrypt(hash));
        Assert.True(PasswordHasher.IsSupported(hash));
        Assert.True(PasswordHasher.Verify("s3cret!", hash));
        Assert.False(PasswordHasher.Verify("s3cret?", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void A_bcrypt_hash_made_by_apache_htpasswd_verifies()
    {
        // `htpasswd -nbB alice 's3cret!'` (Apache 2.4 apache2-utils, cost 5).
        const string fromHtpasswd = "$2y$05$tJgUUtufj1OqFaWKwh1wsu11Umm/raucFx.egPMpVOl8JJlNqNqQK";

        Assert.True(PasswordHasher.Verify("s3cret!", fromHtpasswd));
        Assert.False(PasswordHasher.Verify("s3cret", fromHtpasswd));
    }
}
