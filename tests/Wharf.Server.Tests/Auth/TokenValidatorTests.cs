using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>Issued tokens round-trip; time, issuer, audience and claims decide the rest (forgeries: <see cref="TokenForgeryTests"/>).</summary>
public sealed class TokenValidatorTests : IDisposable
{
    private readonly TokenSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    private string Issue(params GrantedAccess[] access) => _setup.Issuer.Issue("alice", TokenSetup.Service, access).Token;

    private ValidatedToken? Validate(string token) => _setup.Validator.Validate(token, TokenSetup.Service);

    private ECDsa CurrentKey() => _setup.Store.Current.Key;

    [Fact]
    public void An_issued_token_validates_with_its_subject_and_access()
    {
        var issued = _setup.Issuer.Issue("alice", TokenSetup.Service, [
            GrantedAccess.Repository("team/app", RepositoryAction.Pull | RepositoryAction.Push),
            GrantedAccess.Repository("team/other", RepositoryAction.None),
            new GrantedAccess("registry", "catalog", ["*"]),
        ]);

        var token = Validate(issued.Token);

        Assert.NotNull(token);
        Assert.Equal("alice", token.Subject);
        Assert.Equal(issued.IssuedAt + _setup.Options.TokenLifetime, token.ExpiresAt);
        Assert.Equal(300, issued.ExpiresIn);
        Assert.Equal(["repository:team/app:pull,push", "repository:team/other:", "registry:catalog:*"], token.Access.Select(a => a.ToString()));
        Assert.True(token.Grants("team/app", RepositoryAction.Push));
        Assert.True(token.Grants("team/app", RepositoryAction.Pull | RepositoryAction.Push));
        Assert.False(token.Grants("team/app", RepositoryAction.Delete));
        Assert.False(token.Grants("team/other", RepositoryAction.Pull));
        Assert.False(token.Grants("team/app2", RepositoryAction.Pull)); // a token for one repository opens no other
        Assert.False(token.Grants("team", RepositoryAction.Pull));
        Assert.True(token.GrantsCatalog);
        Assert.NotEqual("", token.Id);
    }

    [Fact]
    public void The_token_has_the_claims_and_header_of_the_spec()
    {
        var issued = _setup.Issuer.Issue("", TokenSetup.Service, [GrantedAccess.Repository("lib/x", RepositoryAction.Pull)]);

        var header = ForgedToken.Header(issued.Token);
        var claims = ForgedToken.Payload(issued.Token);

        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(_setup.Store.CurrentKid, header["kid"]!.GetValue<string>());
        Assert.Equal("wharf-test", claims["iss"]!.GetValue<string>());
        Assert.Equal("", claims["sub"]!.GetValue<string>());
        Assert.Equal(TokenSetup.Service, claims["aud"]!.GetValue<string>());
        var iat = claims["iat"]!.GetValue<long>();
        Assert.Equal(issued.IssuedAt.ToUnixTimeSeconds(), iat);
        Assert.Equal(iat, claims["nbf"]!.GetValue<long>());
        Assert.Equal(iat + 300, claims["exp"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(claims["jti"]!.GetValue<string>()));
        Assert.Equal("""[{"type":"repository","name":"lib/x","actions":["pull"]}]""", claims["access"]!.ToJsonString());
        Assert.True(Validate(issued.Token)!.IsAnonymous);
        Assert.NotEqual(claims["jti"]!.GetValue<string>(), ForgedToken.Payload(Issue())["jti"]!.GetValue<string>());
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_token_is_refused_after_the_clock_skew()
    {
        var token = Issue();

        // exp is in whole seconds, the clock is not: one second either side of exp + skew.
        _setup.Clock.Advance(_setup.Options.TokenLifetime + TokenValidator.MaxClockSkew - TimeSpan.FromSeconds(1));
        Assert.NotNull(Validate(token));
        _setup.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(Validate(token));
    }

    [Fact]
    public void A_token_not_yet_valid_is_refused_beyond_the_clock_skew()
    {
        var ahead = new Client.ManualClock();
        ahead.Advance(TimeSpan.FromMinutes(2));
        var issuerAhead = new TokenIssuer(_setup.Store, ahead, _setup.Options);

        Assert.Null(Validate(issuerAhead.Issue("alice", TokenSetup.Service, []).Token));

        var slightlyAhead = new Client.ManualClock();
        slightlyAhead.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(Validate(new TokenIssuer(_setup.Store, slightlyAhead, _setup.Options).Issue("alice", TokenSetup.Service, []).Token));
    }

    [Fact]
    public void A_token_for_another_service_is_refused()
    {
        var token = _setup.Issuer.Issue("alice", "other-registry", [GrantedAccess.Repository("team/app", RepositoryAction.All)]).Token;

        Assert.Null(Validate(token));
        Assert.NotNull(_setup.Validator.Validate(token, "other-registry"));
    }

    [Fact]
    public void A_token_checked_once_is_still_checked_for_audience_and_time_on_every_later_use()
    {
        var token = Issue();
        Assert.NotNull(Validate(token));

        Assert.Null(_setup.Validator.Validate(token, "other-registry"));
        Assert.NotNull(Validate(token));
        _setup.Clock.Advance(_setup.Options.TokenLifetime + TokenValidator.MaxClockSkew + TimeSpan.FromSeconds(1));
        Assert.Null(Validate(token));
    }

    [Theory]
    [InlineData("aud", """["registry.test","other-registry"]""")]
    [InlineData("aud", """[]""")]
    [InlineData("iss", "\"someone-else\"")]
    [InlineData("exp", "null")]
    [InlineData("exp", "99999999999999")]
    [InlineData("exp", "\"tomorrow\"")]
    [InlineData("nbf", "\"now\"")]
    [InlineData("access", """{"type":"repository"}""")]
    [InlineData("access", "\"repository:team/app:pull\"")]
    [InlineData("access", "null")]
    [InlineData("access", """[{"type":"repository","name":"team/app","actions":"pull"}]""")]
    [InlineData("access", """[{"type":"repository","name":"team/app","actions":[1]}]""")]
    public void Claims_that_are_not_ours_or_malformed_void_a_validly_signed_token(string claim, string json)
    {
        var token = Issue();
        var payload = ForgedToken.Payload(token);
        payload[claim] = JsonNode.Parse(json);

        Assert.Null(Validate(ForgedToken.SignEs256(ForgedToken.Header(token), payload, CurrentKey())));
    }
}
