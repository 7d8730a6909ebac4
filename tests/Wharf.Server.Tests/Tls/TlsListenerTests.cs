using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Tls;

/// <summary>Wharf serving HTTPS from <c>Tls:CertificatePath</c>/<c>KeyPath</c> (what <c>--tls-cert</c>/<c>--tls-key</c>
/// set), on a listen address given without a scheme: HTTP/2 by ALPN and HTTP/1.1 both, the file's intermediates sent
/// as the chain, a client trusting another CA refused, and token challenges naming an https realm.</summary>
public sealed class TlsListenerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HTTP_2_is_negotiated_by_ALPN_and_HTTP_1_1_is_still_served()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf ALPN test root");
        using var scratch = new ScratchDirectory();
        await using var server = await StartAsync(ca.Issue("127.0.0.1").WriteTo(scratch.Path));
        Assert.Equal(Uri.UriSchemeHttps, server.BaseAddress.Scheme);

        var offered = await HandshakeAsync(server, ca, SslApplicationProtocol.Http2, SslApplicationProtocol.Http11);
        Assert.Equal(SslApplicationProtocol.Http2, offered.Protocol);
        var http11Only = await HandshakeAsync(server, ca, SslApplicationProtocol.Http11);
        Assert.Equal(SslApplicationProtocol.Http11, http11Only.Protocol);

        foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
        {
            using var client = PinnedTls.Client(server.BaseAddress, ca.Root, version);
            using var response = await client.GetAsync("/v2/", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
        }
    }

    [Fact]
    public async Task Plain_HTTP_is_served_beside_only_when_a_listen_address_says_http_explicitly()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf HTTP-beside test root");
        using var scratch = new ScratchDirectory();
        var (certificate, key) = ca.Issue("127.0.0.1").WriteTo(scratch.Path);
        var settings = Settings(certificate, key);
        settings["urls"] = "127.0.0.1:0;http://127.0.0.1:0";
        await using var server = await WharfServer.StartAsync(settings: settings);

        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

        Assert.Equal([Uri.UriSchemeHttps, Uri.UriSchemeHttp], addresses.Select(a => a.Scheme));
        using var https = PinnedTls.Client(addresses[0], ca.Root, HttpVersion.Version11);
        using var plain = new HttpClient { BaseAddress = addresses[1] };
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/v2/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/v2/", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_intermediates_in_the_certificate_file_are_served_as_the_chain()
    {
        using var root = TestCertificateAuthority.CreateRoot("Wharf chain test root");
        using var intermediate = root.CreateIntermediate("Wharf chain test intermediate");
        var issued = intermediate.Issue("127.0.0.1");
        using var scratch = new ScratchDirectory();
        await using var server = await StartAsync(issued.WriteTo(scratch.Path));

        // The client trusts the root alone: the handshake verifies only if Wharf sent the intermediate.
        var handshake = await HandshakeAsync(server, root, SslApplicationProtocol.Http11);

        Assert.Equal(issued.Serial, handshake.Certificate.SerialNumber);
        Assert.Equal(
            [issued.Leaf.Thumbprint, intermediate.Certificate.Thumbprint, root.Root.Thumbprint],
            handshake.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_is_refused()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf served root");
        using var other = TestCertificateAuthority.CreateRoot("Wharf unrelated root");
        using var scratch = new ScratchDirectory();
        await using var server = await StartAsync(ca.Issue("127.0.0.1").WriteTo(scratch.Path));

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(server, other, SslApplicationProtocol.Http11));
    }

    [Fact]
    public async Task With_auth_on_the_challenge_names_the_https_token_endpoint_which_answers()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf realm test root");
        using var scratch = new ScratchDirectory();
        var (certificate, key) = ca.Issue("127.0.0.1").WriteTo(scratch.Path);
        await using var server = await WharfServer.StartWithAuthAsync("realm-test-password", Settings(certificate, key));
        using var client = PinnedTls.Client(server.BaseAddress, ca.Root, HttpVersion.Version20);

        using var challenge = await client.GetAsync("/v2/", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var realm = $"https://127.0.0.1:{server.BaseAddress.Port}/auth/token";
        Assert.StartsWith($"Bearer realm=\"{realm}\"", challenge.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var token = new HttpRequestMessage(HttpMethod.Get, $"{realm}?service=wharf");
        token.Headers.Authorization = BasicAuth.Header("admin", "realm-test-password");
        using var granted = await client.SendAsync(token, Ct);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    private static Dictionary<string, string?> Settings(string certificate, string key) => new()
    {
        // No scheme: TLS on makes it https.
        ["urls"] = "127.0.0.1:0",
        ["Tls:CertificatePath"] = certificate,
        ["Tls:KeyPath"] = key,
    };

    private static Task<WharfServer> StartAsync((string Certificate, string Key) files) => WharfServer.StartAsync(settings: Settings(files.Certificate, files.Key));

    private static Task<Handshake> HandshakeAsync(WharfServer server, TestCertificateAuthority trusted, params SslApplicationProtocol[] protocols) =>
        PinnedTls.HandshakeAsync("127.0.0.1", server.BaseAddress.Port, "127.0.0.1", trusted.Root, protocols, Ct);
}
