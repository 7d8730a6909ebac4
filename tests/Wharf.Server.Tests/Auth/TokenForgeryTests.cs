using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>What an attacker might present instead of an issued token: all refused with null, never a throw.</summary>
public sealed class TokenForgeryTests : IAsyncLifetime
{
    private TokenSetup _setup = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _setup = await TokenSetup.CreateAsync();

    public ValueTask DisposeAsync() => _setup.DisposeAsync();

    private async Task<string> IssueAsync(params GrantedAccess[] access) => (await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, access, Ct)).Token;

    private ValueTask<ValidatedToken?> ValidateAsync(string token) => _setup.Validator.ValidateAsync(token, TokenSetup.Service, Ct);

    private async Task<ECDsa> CurrentKeyAsync() => (await _setup.Store.CurrentAsync(Ct)).Key;

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var token = await IssueAsync(GrantedAccess.Repository("team/app", RepositoryAction.Pull));
        var payload = ForgedToken.Payload(token);
        payload["access"] = JsonNode.Parse("""[{"type":"repository","name":"team/app","actions":["pull","push","delete"]}]""");

        Assert.Null(await ValidateAsync(ForgedToken.WithPayload(token, payload)));
    }

    [Fact]
    public async Task A_tampered_signature_is_refused()
    {
        var token = await IssueAsync();
        var signature = token[(token.LastIndexOf('.') + 1)..].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';

        Assert.Null(await ValidateAsync(token[..(token.LastIndexOf('.') + 1)] + new string(signature)));
        Assert.Null(await ValidateAsync(token[..token.LastIndexOf('.')] + "."));
        Assert.Null(await ValidateAsync(token[..token.LastIndexOf('.')]));
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var payload = ForgedToken.Payload(await IssueAsync(GrantedAccess.Repository("team/app", RepositoryAction.All)));

        foreach (var alg in new[] { "none", "None", "NONE" })
        {
            var header = new JsonObject { ["alg"] = alg, ["kid"] = await _setup.Store.CurrentKidAsync(Ct), ["typ"] = "JWT" };
            Assert.Null(await ValidateAsync($"{ForgedToken.Encode(header)}.{ForgedToken.Encode(payload)}."));
        }
    }

    [Fact]
    public async Task Hs256_keyed_with_the_public_key_is_refused()
    {
        var payload = ForgedToken.Payload(await IssueAsync(GrantedAccess.Repository("team/app", RepositoryAction.All)));
        var header = new JsonObject { ["alg"] = "HS256", ["kid"] = await _setup.Store.CurrentKidAsync(Ct), ["typ"] = "JWT" };
        // The classic key-confusion attack: the public key, which the JWKS publishes, as the HMAC secret.
        var publicPem = Encoding.ASCII.GetBytes((await CurrentKeyAsync()).ExportSubjectPublicKeyInfoPem());
        var jwk = Encoding.UTF8.GetBytes(JsonNode.Parse(await _setup.Store.JwksAsync(Ct))!["keys"]![0]!.ToJsonString());

        Assert.Null(await ValidateAsync(ForgedToken.SignHs256(header, payload, publicPem)));
        Assert.Null(await ValidateAsync(ForgedToken.SignHs256(header, payload, jwk)));
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("ES512")]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("es256")]
    public async Task Any_other_algorithm_is_refused_even_with_a_valid_es256_signature(string alg)
    {
        var token = await IssueAsync();
        var header = ForgedToken.Header(token);
        header["alg"] = alg;

        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), await CurrentKeyAsync())));
    }

    [Fact]
    public async Task A_token_signed_by_our_key_that_lives_longer_than_the_issuer_gives_is_refused()
    {
        // Whoever holds a signing key (a database dump, a bug) must not mint a token that outlives every rotation.
        var token = await IssueAsync(GrantedAccess.Repository("team/app", RepositoryAction.Pull));
        var header = ForgedToken.Header(token);
        var payload = ForgedToken.Payload(token);
        var now = _setup.Clock.GetUtcNow().ToUnixTimeSeconds();
        var lifetime = (long)_setup.Options.TokenLifetime.TotalSeconds;

        payload["exp"] = now + (365L * 24 * 3600 * 5);
        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, payload, await CurrentKeyAsync())));
        payload["exp"] = now + lifetime + 3600;
        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, payload, await CurrentKeyAsync())));
        // The control: exactly the lifetime the issuer gives is accepted.
        payload["exp"] = now + lifetime;
        Assert.NotNull(await ValidateAsync(ForgedToken.SignEs256(header, payload, await CurrentKeyAsync())));
    }

    [Fact]
    public async Task A_token_signed_by_our_key_with_a_header_we_do_not_understand_is_refused()
    {
        var token = await IssueAsync();
        var header = ForgedToken.Header(token);
        header["crit"] = new JsonArray("exp-policy");
        header["exp-policy"] = "x";

        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), await CurrentKeyAsync())));
        header["crit"] = "exp-policy";
        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), await CurrentKeyAsync())));
        // The control: the same re-signing without crit is accepted, so only crit made the difference.
        Assert.NotNull(await ValidateAsync(ForgedToken.SignEs256(ForgedToken.Header(token), ForgedToken.Payload(token), await CurrentKeyAsync())));
    }

    [Fact]
    public async Task A_token_signed_by_a_key_we_do_not_hold_is_refused_whatever_kid_it_names()
    {
        var token = await IssueAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var header = ForgedToken.Header(token);

        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), stranger)));
        header["kid"] = "unknown-kid";
        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), await CurrentKeyAsync())));
        header.Remove("kid");
        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), await CurrentKeyAsync())));
    }

    [Fact]
    public async Task A_key_embedded_in_the_header_is_never_trusted()
    {
        var token = await IssueAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = attacker.ExportParameters(false).Q;
        var header = ForgedToken.Header(token);
        header["jwk"] = new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256",
            ["x"] = System.Buffers.Text.Base64Url.EncodeToString(point.X), ["y"] = System.Buffers.Text.Base64Url.EncodeToString(point.Y),
        };

        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(header, ForgedToken.Payload(token), attacker)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("...")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.")]
    [InlineData("eyJhbGciOiJFUzI1NiIsImtpZCI6MX0.e30.AAAA")]
    [InlineData("e30.e30.e30.e30.e30")]
    [InlineData("bnVsbA.bnVsbA.AAAA")]
    [InlineData("W10.W10.AAAA")]
    public async Task Garbage_is_refused_without_an_exception(string token) => Assert.Null(await ValidateAsync(token));

    [Fact]
    public async Task Random_mutations_of_a_valid_token_never_throw()
    {
        var token = await IssueAsync(GrantedAccess.Repository("team/app", RepositoryAction.Pull));
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var chars = token.ToCharArray();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                chars[random.Next(chars.Length)] = "ABCxyz019-_.=+/\"{} "[random.Next(19)];
            }

            var mutated = new string(chars);
            var result = await ValidateAsync(mutated);
            Assert.True(result is null || mutated == token || SameSigned(mutated, token), mutated);
        }

        Assert.Null(await ValidateAsync(new string('a', 20_000)));
    }

    /// <summary>A mutation may land in base64url padding bits and leave the signed bytes unchanged.</summary>
    private static bool SameSigned(string a, string b)
    {
        try
        {
            return a.Split('.').Zip(b.Split('.')).All(p => System.Buffers.Text.Base64Url.DecodeFromChars(p.First).SequenceEqual(System.Buffers.Text.Base64Url.DecodeFromChars(p.Second)));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
