using Microsoft.AspNetCore.Http;
using Wharf.Registry.Auth;
using Wharf.Server.Auth;
using Wharf.Server.Oci;

namespace Wharf.Server.Tests.Oci;

/// <summary>The admission rule every /v2 request passes twice (gate, then dispatcher), and its fail-closed default.</summary>
public sealed class OciCallerTests
{
    public static TheoryData<string, string> EveryEndpoint => new()
    {
        { "", "GET" },
        { "_catalog", "GET" },
        { "team/app/manifests/1", "GET" },
        { "team/app/manifests/1", "PUT" },
        { "team/app/manifests/1", "DELETE" },
        { "team/app/blobs/sha256:" + new string('a', 64), "GET" },
        { "team/app/blobs/uploads/", "POST" },
        { "team/app/tags/list", "GET" },
        { "team/app/referrers/sha256:" + new string('a', 64), "GET" },
    };

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public void A_request_the_gate_never_saw_is_admitted_nowhere(string path, string method)
    {
        Assert.Equal(OciRouteResult.Ok, OciRoute.TryParse(path, out var route));

        var request = new OciRequest(new DefaultHttpContext(), route);

        Assert.False(request.Caller.Admits(route, method));
        Assert.False(request.Caller.May("team/app", RepositoryAction.Pull));
    }

    [Theory]
    [MemberData(nameof(EveryEndpoint))]
    public void With_auth_off_everything_is_admitted(string path, string method)
    {
        Assert.Equal(OciRouteResult.Ok, OciRoute.TryParse(path, out var route));

        Assert.True(OciCaller.Unrestricted.Admits(route, method));
    }

    [Fact]
    public void The_catalog_needs_the_catalog_scope_and_a_repository_its_action()
    {
        OciRoute.TryParse("_catalog", out var catalog);
        OciRoute.TryParse("team/app/manifests/1", out var manifest);
        var pullOnly = OciCaller.With(Token(GrantedAccess.Repository("team/app", RepositoryAction.Pull)));
        var withCatalog = OciCaller.With(Token(new GrantedAccess(ScopeRequest.RegistryType, ScopeRequest.CatalogName, [GrantedAccess.Wildcard])));

        Assert.False(pullOnly.Admits(catalog, "GET"));
        Assert.True(withCatalog.Admits(catalog, "GET"));
        Assert.True(pullOnly.Admits(manifest, "GET"));
        Assert.False(pullOnly.Admits(manifest, "PUT"));
    }

    private static ValidatedToken Token(params GrantedAccess[] access) => new("alice", access, DateTimeOffset.UtcNow.AddMinutes(5), "jti");
}
