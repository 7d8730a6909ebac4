using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>The signing keys in the database, on each database: generated once however many nodes start at once,
/// rotated by any node without logging anyone out, seen by the others, published as a JWKS, imported from the key files
/// of an older Wharf.</summary>
public abstract class SigningKeyStoreContract : IAsyncLifetime
{
    private TokenSetup _setup = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty database (not migrated) that lives as long as the test.</summary>
    protected abstract Task<SqlDatabase> CreateDatabaseAsync();

    public async ValueTask InitializeAsync() => _setup = await TokenSetup.CreateAsync(await CreateDatabaseAsync());

    public ValueTask DisposeAsync() => _setup.DisposeAsync();

    [Fact]
    public async Task The_first_use_generates_one_key_that_later_instances_reuse()
    {
        Assert.Empty(await _setup.KeySequencesAsync());

        var kid = await _setup.Store.CurrentKidAsync(Ct);

        using var again = _setup.NewStore();
        Assert.Equal(kid, await again.CurrentKidAsync(Ct));
        Assert.Equal(kid, await _setup.Store.CurrentKidAsync(Ct));
        var key = Assert.Single(await _setup.Table.ListAsync(Ct));
        Assert.Equal((1, kid), (key.Sequence, key.Kid));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", key.PrivateKeyPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_starting_at_once_on_an_empty_database_agree_on_one_key()
    {
        for (var round = 0; round < 5; round++)
        {
            await using var setup = await TokenSetup.CreateAsync(await CreateDatabaseAsync());
            var nodes = Enumerable.Range(0, 4).Select(_ => setup.NewStore()).ToList();
            using var start = new Barrier(nodes.Count);

            var kids = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
            {
                start.SignalAndWait(Ct);
                return await node.CurrentKidAsync(Ct);
            }, Ct)));

            Assert.Single(kids.Distinct());
            await setup.AssertKeysAsync(1);
            nodes.ForEach(n => n.Dispose());
        }
    }

    [Fact]
    public async Task Rotation_keeps_old_tokens_valid_until_they_expire_then_drops_the_old_key()
    {
        var old = await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, [], Ct);
        var oldKid = await _setup.Store.CurrentKidAsync(Ct);

        var newKid = await _setup.Store.RotateAsync(Ct);

        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(newKid, await _setup.Store.CurrentKidAsync(Ct));
        await _setup.AssertKeysAsync(1, 2);
        Assert.Equal([newKid, oldKid], Kids(await _setup.Store.JwksAsync(Ct)));
        var fresh = await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, [], Ct);
        Assert.Equal(newKid, new JsonWebToken(fresh.Token).Kid);
        Assert.NotNull(await _setup.Validator.ValidateAsync(old.Token, TokenSetup.Service, Ct));

        _setup.Clock.Advance(_setup.Options.TokenLifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _setup.Validator.ValidateAsync(old.Token, TokenSetup.Service, Ct));

        _setup.Clock.Advance(TimeSpan.FromSeconds(1) + TokenValidator.MaxClockSkew + TimeSpan.FromSeconds(1));
        Assert.Null(await _setup.Validator.ValidateAsync(old.Token, TokenSetup.Service, Ct));

        // The retention ends once every token the old key signed has expired (plus skew and one refresh interval).
        _setup.Clock.Advance(SigningKeyStore.RefreshInterval);
        Assert.Equal([newKid], Kids(await _setup.Store.JwksAsync(Ct)));
        await _setup.AssertKeysAsync(2);
        var later = await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, [], Ct);
        Assert.NotNull(await _setup.Validator.ValidateAsync(later.Token, TokenSetup.Service, Ct));
    }

    [Fact]
    public async Task A_rotation_by_another_node_is_seen_at_once_for_verifying_and_within_the_refresh_interval_for_signing()
    {
        using var other = _setup.NewStore();
        var otherIssuer = new TokenIssuer(other, _setup.Clock, _setup.Options);
        var before = await _setup.Store.CurrentKidAsync(Ct);
        Assert.Equal(before, await other.CurrentKidAsync(Ct));

        var rotated = await other.RotateAsync(Ct);

        // Its new tokens carry a kid this node has not read yet: it reads the table again.
        var token = await otherIssuer.IssueAsync("bob", TokenSetup.Service, [], Ct);
        Assert.NotNull(await _setup.Validator.ValidateAsync(token.Token, TokenSetup.Service, Ct));
        _setup.Clock.Advance(SigningKeyStore.RefreshInterval);
        Assert.Equal(rotated, await _setup.Store.CurrentKidAsync(Ct));
    }

    [Fact]
    public async Task Rotations_racing_on_several_nodes_never_overwrite_a_key()
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => _setup.NewStore()).ToList();
        foreach (var node in nodes)
        {
            await node.CurrentKidAsync(Ct);
        }

        using var start = new Barrier(nodes.Count);

        var kids = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return await node.RotateAsync(Ct);
        }, Ct)));

        // Each rotation either made a key or, losing the race for a number, took the winner's: every kid it returned
        // is published, and no two rows hold the same key.
        var published = Kids(await _setup.Store.JwksAsync(Ct));
        Assert.All(kids, kid => Assert.Contains(kid, published));
        var rows = await _setup.Table.ListAsync(Ct);
        Assert.Equal(rows.Count, published.Distinct().Count());
        Assert.InRange(rows.Count, 2, 4);
        nodes.ForEach(n => n.Dispose());
    }

    [Fact]
    public async Task An_unreadable_key_row_is_skipped_and_never_overwritten()
    {
        Assert.True(await _setup.Table.TryAddAsync(new StoredSigningKey(1, "broken", "not a key", _setup.Clock.GetUtcNow()), Ct));

        var kid = await _setup.Store.CurrentKidAsync(Ct);

        await _setup.AssertKeysAsync(1, 2);
        Assert.Equal("not a key", (await _setup.Table.ListAsync(Ct))[0].PrivateKeyPem);
        Assert.Equal([kid], Kids(await _setup.Store.JwksAsync(Ct)));
    }

    [Fact]
    public async Task The_key_files_of_an_older_wharf_are_imported_once_and_their_tokens_stay_valid()
    {
        var directory = Path.Combine(_setup.Directory, "keys");
        Directory.CreateDirectory(directory);
        using var retired = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = _setup.Clock.GetUtcNow();
        WriteKeyFile(directory, 1, retired, now.AddDays(-40));
        WriteKeyFile(directory, 2, current, now.AddMinutes(-1));
        File.WriteAllText(Path.Combine(directory, "key-000003.pem"), ""); // a crash between create and write
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = Kid(current), ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iss"] = _setup.Options.Issuer, ["sub"] = "alice", ["aud"] = TokenSetup.Service, ["access"] = new JsonArray(),
            ["exp"] = now.AddMinutes(4).ToUnixTimeSeconds(), ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
        };
        var signedBeforeUpgrade = ForgedToken.SignEs256(header, payload, current);

        using var upgraded = _setup.NewStore(directory);
        var validator = new TokenValidator(upgraded, _setup.Clock, _setup.Options);

        Assert.Equal(Kid(current), await upgraded.CurrentKidAsync(Ct));
        Assert.Equal([Kid(current), Kid(retired)], Kids(await upgraded.JwksAsync(Ct))); // retired a minute ago: still kept
        Assert.NotNull(await validator.ValidateAsync(signedBeforeUpgrade, TokenSetup.Service, Ct));
        await _setup.AssertKeysAsync(1, 2);

        // Imported once: another node with other key files (or the same ones) finds the table full and imports nothing.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var elsewhere = Path.Combine(_setup.Directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        WriteKeyFile(elsewhere, 7, other, now);
        using var second = _setup.NewStore(elsewhere);
        Assert.Equal(Kid(current), await second.CurrentKidAsync(Ct));
        await _setup.AssertKeysAsync(1, 2);
        Assert.Equal(3, Directory.GetFiles(directory).Length); // the files are left as they were
    }

    [Fact]
    public async Task The_jwks_verifies_a_token_with_the_standard_library()
    {
        var token = await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, [GrantedAccess.Repository("team/app", RepositoryAction.Pull)], Ct);
        var jwks = new JsonWebKeySet(await _setup.Store.JwksAsync(Ct));

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
        Assert.Equal(await _setup.Store.CurrentKidAsync(Ct), key.Kid);
        // RFC 7638: the kid is the key's JWK thumbprint, as any library computes it.
        Assert.Equal(key.Kid, Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()));
    }

    private static string[] Kids(string jwks) =>
        [.. JsonNode.Parse(jwks)!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>())];

    private static string Kid(ECDsa key) => new SigningKey(0, DateTimeOffset.UnixEpoch, key).Kid;

    /// <summary>A key file as Wharf wrote them before decision 008: explanatory text with a created: line, then PKCS#8.</summary>
    private static void WriteKeyFile(string directory, int sequence, ECDsa key, DateTimeOffset created) =>
        File.WriteAllText(
            Path.Combine(directory, $"key-{sequence.ToString("D6", CultureInfo.InvariantCulture)}.pem"),
            $"Wharf token signing key (ES256, P-256). Private: anyone holding it can sign tokens for this registry.\n" +
            $"created: {created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\n{key.ExportPkcs8PrivateKeyPem()}\n");
}
