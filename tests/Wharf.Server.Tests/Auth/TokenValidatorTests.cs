using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>Issued tokens round-trip; time, issuer, audience and claims decide the rest (forgeries: <see cref="TokenForgeryTests"/>).</summary>
public sealed class TokenValidatorTests : IAsyncLifetime
{
    private TokenSetup _setup = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _setup = await TokenSetup.CreateAsync();

    public ValueTask DisposeAsync() => _setup.DisposeAsync();

    private async Task<string> IssueAsync(params GrantedAccess[] access) => (await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, access, Ct)).Token;

    private ValueTask<ValidatedToken?> ValidateAsync(string token) => _setup.Validator.ValidateAsync(token, TokenSetup.Service, Ct);

    private async Task<ECDsa> CurrentKeyAsync() => (await _setup.Store.CurrentAsync(Ct)).Key;

    [Fact]
    public async Task An_issued_token_validates_with_its_subject_and_access()
    {
        var issued = (await _setup.Issuer.IssueAsync("alice", TokenSetup.Service, [
            GrantedAccess.Repository("team/app", RepositoryAction.Pull | RepositoryAction.Push),
            GrantedAccess.Repository("team/other", RepositoryAction.None),
            new GrantedAccess("registry", "catalog", ["*"]),
        ], Ct));

        var token = await ValidateAsync(issued.Token);

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
    public async Task The_token_has_the_claims_and_header_of_the_spec()
    {
        var issued = (await _setup.Issuer.IssueAsync("", TokenSetup.Service, [GrantedAccess.Repository("lib/x", RepositoryAction.Pull)], Ct));

        var header = ForgedToken.Header(issued.Token);
        var claims = ForgedToken.Payload(issued.Token);

        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(await _setup.Store.CurrentKidAsync(Ct), header["kid"]!.GetValue<string>());
        Assert.Equal("wharf-test", claims["iss"]!.GetValue<string>());
        Assert.Equal("", claims["sub"]!.GetValue<string>());
        Assert.Equal(TokenSetup.Service, claims["aud"]!.GetValue<string>());
        var iat = claims["iat"]!.GetValue<long>();
        Assert.Equal(issued.IssuedAt.ToUnixTimeSeconds(), iat);
        Assert.Equal(iat, claims["nbf"]!.GetValue<long>());
        Assert.Equal(iat + 300, claims["exp"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(claims["jti"]!.GetValue<string>()));
        Assert.Equal("""[{"type":"repository","name":"lib/x","actions":["pull"]}]""", claims["access"]!.ToJsonString());
        Assert.True((await ValidateAsync(issued.Token))!.IsAnonymous);
        Assert.NotEqual(claims["jti"]!.GetValue<string>(), ForgedToken.Payload(await IssueAsync())["jti"]!.GetValue<string>());
        Assert.DoesNotContain(issued.Token, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_refused_after_the_clock_skew()
    {
        var token = await IssueAsync();

        // exp is in whole seconds, the clock is not: one second either side of exp + skew.
        _setup.Clock.Advance(_setup.Options.TokenLifetime + TokenValidator.MaxClockSkew - TimeSpan.FromSeconds(1));
        Assert.NotNull(await ValidateAsync(token));
        _setup.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await ValidateAsync(token));
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused_beyond_the_clock_skew()
    {
        var ahead = new Client.ManualClock();
        ahead.Advance(TimeSpan.FromMinutes(2));
        var issuerAhead = new TokenIssuer(_setup.Store, ahead, _setup.Options);

        Assert.Null(await ValidateAsync((await issuerAhead.IssueAsync("alice", TokenSetup.Service, [], Ct)).Token));

        var slightlyAhead = new Client.ManualClock();
        slightlyAhead.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(await ValidateAsync((await new TokenIssuer(_setup.Store, slightlyAhead, _setup.Options).IssueAsync("alice", TokenSetup.Service, [], Ct)).Token));
    }

    [Fact]
    public async Task A_token_for_another_service_is_refused()
    {
        var token = (await _setup.Issuer.IssueAsync("alice", "other-registry", [GrantedAccess.Repository("team/app", RepositoryAction.All)], Ct)).Token;

        Assert.Null(await ValidateAsync(token));
        Assert.NotNull(await _setup.Validator.ValidateAsync(token, "other-registry", Ct));
    }

    [Fact]
    public async Task A_token_checked_once_is_still_checked_for_audience_and_time_on_every_later_use()
    {
        var token = await IssueAsync();
        Assert.NotNull(await ValidateAsync(token));

        Assert.Null(await _setup.Validator.ValidateAsync(token, "other-registry", Ct));
        Assert.NotNull(await ValidateAsync(token));
        _setup.Clock.Advance(_setup.Options.TokenLifetime + TokenValidator.MaxClockSkew + TimeSpan.FromSeconds(1));
        Assert.Null(await ValidateAsync(token));
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
    public async Task Claims_that_are_not_ours_or_malformed_void_a_validly_signed_token(string claim, string json)
    {
        var token = await IssueAsync();
        var payload = ForgedToken.Payload(token);
        payload[claim] = JsonNode.Parse(json);

        Assert.Null(await ValidateAsync(ForgedToken.SignEs256(ForgedToken.Header(token), payload, await CurrentKeyAsync())));
    }
}
