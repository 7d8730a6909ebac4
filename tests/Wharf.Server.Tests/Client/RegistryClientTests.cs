using Wharf.Oci;
using Wharf.Oci.Client;

namespace Wharf.Server.Tests.Client;

/// <summary>What the client decides before any registry answers: scheme, challenge parsing, unreachable hosts.</summary>
public sealed class RegistryClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1:5000", false, "http://127.0.0.1:5000/")]
    [InlineData("127.8.9.10", false, "http://127.8.9.10/")]
    [InlineData("localhost:5000", false, "http://localhost:5000/")]
    [InlineData("[::1]:5000", false, "http://[::1]:5000/")]
    [InlineData("registry.example.com", false, "https://registry.example.com/")]
    [InlineData("registry.example.com:8443", false, "https://registry.example.com:8443/")]
    [InlineData("registry.example.com:5000", true, "http://registry.example.com:5000/")]
    [InlineData("docker.io", false, "https://registry-1.docker.io/")]
    public void Loopback_and_insecure_hosts_get_plain_http_and_others_https(string host, bool insecure, string expected)
    {
        using var client = new RegistryClient(host, new RegistryClientOptions { Insecure = insecure });

        Assert.Equal(new Uri(expected), client.BaseAddress);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_one_clear_line_naming_host_and_port()
    {
        var port = DistributionRegistry.FreePort();
        using var client = new RegistryClient($"127.0.0.1:{port}");

        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() => client.FindManifestAsync(RepositoryName.Parse("a/b"), Reference.ForTag("v1"), Ct));

        Assert.Equal($"cannot reach registry 127.0.0.1:{port}: connection refused", error.Message);
        Assert.Equal($"127.0.0.1:{port}", error.HostAndPort);
    }

    [Fact]
    public async Task An_unknown_host_is_one_clear_line()
    {
        using var client = new RegistryClient("wharf-test.invalid:5000", new RegistryClientOptions { Insecure = true });

        var error = await Assert.ThrowsAsync<RegistryUnreachableException>(() => client.PingAsync(Ct));

        Assert.Equal("cannot reach registry wharf-test.invalid:5000: unknown host", error.Message);
    }

    [Fact]
    public void Challenges_are_parsed_with_quoted_commas_and_several_scopes()
    {
        var challenges = AuthChallenge.ParseAll(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push repository:c:pull\",error=\"insufficient_scope\"");

        var bearer = Assert.Single(challenges);
        Assert.True(bearer.IsBearer);
        Assert.Equal("https://auth.example/token", bearer.Realm);
        Assert.Equal("registry.example", bearer.Service);
        Assert.Equal(["repository:a/b:pull,push", "repository:c:pull"], bearer.Scopes);
        Assert.Equal("insufficient_scope", bearer.Parameters["error"]);
    }

    [Theory]
    [InlineData("Basic realm=\"Registry Realm\"", "Basic", "Registry Realm")]
    [InlineData("basic realm=wharf", "basic", "wharf")]
    [InlineData("Bearer realm=\"a \\\"quoted\\\" realm\"", "Bearer", "a \"quoted\" realm")]
    public void Single_challenges_are_parsed(string header, string scheme, string realm)
    {
        var challenge = Assert.Single(AuthChallenge.ParseAll(header));

        Assert.Equal((scheme, realm), (challenge.Scheme, challenge.Realm));
    }

    [Fact]
    public void Several_challenges_in_one_header_are_separated()
    {
        var challenges = AuthChallenge.ParseAll("Basic realm=\"a\", Bearer realm=\"https://b/token\",service=\"s\"");

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.True(challenges[0].IsBasic);
        Assert.Equal("s", challenges[1].Service);
    }
}
