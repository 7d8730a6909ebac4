using Microsoft.Extensions.Options;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tls;

namespace Wharf.Server.Tests.Tls;

/// <summary>Settings that cannot give a working HTTPS listener stop the start with a message saying why.</summary>
public sealed class TlsStartupTests
{
    [Fact]
    public void TLS_with_only_http_listeners_is_refused()
    {
        var e = Assert.Throws<OptionsValidationException>(() => WharfApp.Build([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Tls:SelfSigned"] = "true",
        }));

        Assert.Contains("no listener is https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_listener_without_a_certificate_is_refused()
    {
        var e = Assert.Throws<OptionsValidationException>(() => WharfApp.Build([], new Dictionary<string, string?> { ["urls"] = "https://127.0.0.1:0" }));

        Assert.Contains("--tls-cert", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wharf_s_certificate_and_Kestrel_s_are_not_both_allowed()
    {
        var e = Assert.Throws<OptionsValidationException>(() => WharfApp.Build([], new Dictionary<string, string?>
        {
            ["Tls:SelfSigned"] = "true",
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = "/some/cert.pem",
        }));

        Assert.Contains("use one of them", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_not_the_certificate_s_stops_the_start_naming_the_file()
    {
        using var ca = TestCertificateAuthority.CreateRoot("Wharf mismatch test root");
        using var scratch = new ScratchDirectory();
        var (certificate, _) = ca.Issue("127.0.0.1").WriteTo(scratch.Path);
        var otherKey = scratch.File("other-key.pem");
        File.WriteAllText(otherKey, ca.Issue("127.0.0.1").KeyPem);
        var data = scratch.File("data");

        var e = await Assert.ThrowsAsync<TlsCertificateException>(() => WharfServer.StartAsync(data, new Dictionary<string, string?>
        {
            ["urls"] = "127.0.0.1:0",
            ["Tls:CertificatePath"] = certificate,
            ["Tls:KeyPath"] = otherKey,
        }));

        Assert.Contains(certificate, e.Message, StringComparison.Ordinal);
    }
}
