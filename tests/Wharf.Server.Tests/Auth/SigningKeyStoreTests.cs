using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>The signing keys on disk: generated once, shared by every process on the directory, rotated without
/// logging anyone out, published as a JWKS.</summary>
public sealed class SigningKeyStoreTests : IDisposable
{
    private readonly TokenSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public void The_first_use_generates_one_key_that_later_instances_reuse()
    {
        Assert.Empty(_setup.KeyFiles());

        var kid = _setup.Store.CurrentKid;

        Assert.Equal(["key-000001.pem"], _setup.KeyFiles());
        using var again = _setup.NewStore();
        Assert.Equal(kid, again.CurrentKid);
        Assert.Equal(kid, _setup.Store.CurrentKid);
        Assert.Equal(["key-000001.pem"], _setup.KeyFiles());
        var text = File.ReadAllText(Path.Combine(_setup.Directory, "key-000001.pem"));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", text, StringComparison.Ordinal);
        Assert.Contains("created: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_files_and_their_directory_are_private_to_the_owner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = Path.Combine(_setup.Directory, "nested", "keys");
        using var store = new SigningKeyStore(directory, TimeSpan.FromMinutes(5), TimeProvider.System);

        _ = store.CurrentKid;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "key-000001.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task Processes_starting_at_once_on_a_fresh_directory_agree_on_one_key()
    {
        for (var round = 0; round < 20; round++)
        {
            var directory = Path.Combine(_setup.Directory, $"race-{round}");
            var stores = Enumerable.Range(0, 4).Select(_ => new SigningKeyStore(directory, TimeSpan.FromMinutes(5), TimeProvider.System)).ToList();
            using var start = new Barrier(stores.Count);

            var kids = await Task.WhenAll(stores.Select(store => Task.Run(() =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return store.CurrentKid;
            })));

            Assert.Single(kids.Distinct());
            Assert.Equal(["key-000001.pem"], Directory.GetFiles(directory).Select(Path.GetFileName));
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Rotation_keeps_old_tokens_valid_until_they_expire_then_drops_the_old_key()
    {
        var old = _setup.Issuer.Issue("alice", TokenSetup.Service, []);
        var oldKid = _setup.Store.CurrentKid;

        var newKid = await _setup.Store.RotateAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(newKid, _setup.Store.CurrentKid);
        Assert.Equal(["key-000001.pem", "key-000002.pem"], _setup.KeyFiles());
        Assert.Equal([newKid, oldKid], Kids(_setup.Store.Jwks));
        var fresh = _setup.Issuer.Issue("alice", TokenSetup.Service, []);
        Assert.Equal(newKid, new JsonWebToken(fresh.Token).Kid);
        Assert.NotNull(_setup.Validator.Validate(old.Token, TokenSetup.Service));

        _setup.Clock.Advance(_setup.Options.TokenLifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(_setup.Validator.Validate(old.Token, TokenSetup.Service));

        _setup.Clock.Advance(TimeSpan.FromSeconds(1) + TokenValidator.MaxClockSkew + TimeSpan.FromSeconds(1));
        Assert.Null(_setup.Validator.Validate(old.Token, TokenSetup.Service));

        // The retention ends once every token the old key signed has expired (plus skew and one refresh interval).
        _setup.Clock.Advance(SigningKeyStore.RefreshInterval);
        Assert.Equal([newKid], Kids(_setup.Store.Jwks));
        Assert.Equal(["key-000002.pem"], _setup.KeyFiles());
        Assert.NotNull(_setup.Validator.Validate(_setup.Issuer.Issue("alice", TokenSetup.Service, []).Token, TokenSetup.Service));
    }

    [Fact]
    public async Task A_rotation_by_another_process_is_seen_at_once_for_verifying_and_within_the_refresh_interval_for_signing()
    {
        using var other = _setup.NewStore();
        var otherIssuer = new TokenIssuer(other, _setup.Clock, _setup.Options);
        var before = _setup.Store.CurrentKid;
        Assert.Equal(before, other.CurrentKid);

        var rotated = await other.RotateAsync(TestContext.Current.CancellationToken);

        // Its new tokens carry a kid this process has not read yet: it reads the directory again.
        Assert.NotNull(_setup.Validator.Validate(otherIssuer.Issue("bob", TokenSetup.Service, []).Token, TokenSetup.Service));
        _setup.Clock.Advance(SigningKeyStore.RefreshInterval);
        Assert.Equal(rotated, _setup.Store.CurrentKid);
    }

    [Fact]
    public async Task Rotations_racing_in_several_processes_never_overwrite_a_key()
    {
        var stores = Enumerable.Range(0, 3).Select(_ => _setup.NewStore()).ToList();
        stores.ForEach(s => _ = s.CurrentKid);
        using var start = new Barrier(stores.Count);

        var kids = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return await store.RotateAsync(TestContext.Current.CancellationToken);
        })));

        // Each rotation either made a key or, losing the race for a number, took the winner's: every kid it returned
        // is published, and no two files hold the same key.
        var published = Kids(_setup.Store.Jwks);
        Assert.All(kids, kid => Assert.Contains(kid, published));
        Assert.Equal(_setup.KeyFiles().Length, published.Distinct().Count());
        Assert.InRange(_setup.KeyFiles().Length, 2, 4);
        stores.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Creating_a_key_file_that_exists_fails_without_touching_it()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_setup.Directory, "key-000001.pem");
        File.WriteAllText(path, "theirs");

        Assert.False(SigningKeyFile.TryCreate(path, key, _setup.Clock.GetUtcNow()));
        Assert.Equal("theirs", File.ReadAllText(path));
    }

    [Fact]
    public void A_broken_key_file_is_skipped_and_never_overwritten()
    {
        File.WriteAllText(Path.Combine(_setup.Directory, "key-000001.pem"), "");

        var kid = _setup.Store.CurrentKid;

        Assert.Equal(["key-000001.pem", "key-000002.pem"], _setup.KeyFiles());
        Assert.Equal("", File.ReadAllText(Path.Combine(_setup.Directory, "key-000001.pem")));
        Assert.Equal([kid], Kids(_setup.Store.Jwks));
    }

    [Fact]
    public async Task The_jwks_verifies_a_token_with_the_standard_library()
    {
        var token = _setup.Issuer.Issue("alice", TokenSetup.Service, [GrantedAccess.Repository("team/app", RepositoryAction.Pull)]);
        var jwks = new JsonWebKeySet(_setup.Store.Jwks);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.Token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = _setup.Options.Issuer,
            ValidAudience = TokenSetup.Service,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("alice", result.Claims["sub"]);
        var key = Assert.Single(jwks.Keys);
        Assert.Equal(("EC", "P-256", "sig", "ES256"), (key.Kty, key.Crv, key.Use, key.Alg));
        Assert.Null(key.D); // public halves only
        Assert.Equal(_setup.Store.CurrentKid, key.Kid);
        // RFC 7638: the kid is the key's JWK thumbprint, as any library computes it.
        Assert.Equal(key.Kid, Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()));
    }

    private static string[] Kids(string jwks) =>
        [.. JsonNode.Parse(jwks)!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>())];
}
