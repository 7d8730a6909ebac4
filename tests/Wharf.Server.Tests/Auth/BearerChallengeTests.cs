using Microsoft.AspNetCore.Http;
using Wharf.Oci.Client;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Options;

namespace Wharf.Server.Tests.Auth;

/// <summary>The <c>WWW-Authenticate</c> value of distribution token.md, as clients parse it.</summary>
public sealed class BearerChallengeTests
{
    private const string Realm = "https://registry.example/auth/token";

    [Fact]
    public void A_challenge_names_realm_service_and_the_scope_needed() =>
        Assert.Equal(
            "Bearer realm=\"https://registry.example/auth/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\"",
            BearerChallenge.ForRepository(Realm, "registry.example", "team/app", RepositoryAction.Pull | RepositoryAction.Push));

    [Fact]
    public void A_token_lacking_the_scope_gets_insufficient_scope() =>
        Assert.Equal(
            "Bearer realm=\"https://registry.example/auth/token\",service=\"wharf\",scope=\"repository:team/app:delete\",error=\"insufficient_scope\"",
            BearerChallenge.ForRepository(Realm, "wharf", "team/app", RepositoryAction.Delete, BearerChallenge.InsufficientScope));

    [Fact]
    public void Without_scopes_there_is_no_scope_parameter_and_several_are_space_separated()
    {
        Assert.Equal("Bearer realm=\"r\",service=\"s\"", BearerChallenge.Build("r", "s", []));
        Assert.Equal(
            "Bearer realm=\"r\",service=\"s\",scope=\"repository:a:pull repository:b:pull,push registry:catalog:*\",error=\"invalid_token\"",
            BearerChallenge.Build("r", "s", [
                ScopeRequest.ForRepository("a", RepositoryAction.Pull),
                ScopeRequest.ForRepository("b", RepositoryAction.Pull | RepositoryAction.Push),
                ScopeRequest.Catalog,
            ], BearerChallenge.InvalidToken));
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped_and_the_client_parser_reads_them_back()
    {
        var header = BearerChallenge.Build("https://h/auth/token?a=\"b\"", "say \\\"hi\\\"", [ScopeRequest.Catalog]);

        Assert.Equal("Bearer realm=\"https://h/auth/token?a=\\\"b\\\"\",service=\"say \\\\\\\"hi\\\\\\\"\",scope=\"registry:catalog:*\"", header);
        var parsed = Assert.Single(AuthChallenge.ParseAll(header));
        Assert.True(parsed.IsBearer);
        Assert.Equal("https://h/auth/token?a=\"b\"", parsed.Realm);
        Assert.Equal("say \\\"hi\\\"", parsed.Service);
        Assert.Equal(["registry:catalog:*"], parsed.Scopes);
    }

    [Theory]
    [InlineData("realm\r\nSet-Cookie: x=1")]
    [InlineData("tab\there")]
    [InlineData("résumé")]
    public void Characters_no_header_may_carry_are_refused(string realm) =>
        Assert.Throws<ArgumentException>(() => BearerChallenge.Build(realm, "s", []));

    [Fact]
    public void The_realm_is_the_configured_one_or_the_token_endpoint_on_the_requests_host()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:5000");
        context.Request.PathBase = "/base";

        Assert.Equal("http://127.0.0.1:5000/base/auth/token", BearerChallenge.RealmFor(context.Request, new AuthOptions()));
        Assert.Equal(Realm, BearerChallenge.RealmFor(context.Request, new AuthOptions { Realm = Realm }));
    }
}
