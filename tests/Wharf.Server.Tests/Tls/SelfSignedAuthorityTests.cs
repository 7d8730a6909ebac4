using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Wharf.Server.Tls;

namespace Wharf.Server.Tests.Tls;

/// <summary>Wharf's own CA for <c>--tls-self-signed</c>: made once, reused, the server certificate reissued from the same
/// CA when due or when its names change, private keys readable by the owner only, a damaged CA never replaced.</summary>
public sealed class SelfSignedAuthorityTests : IDisposable
{
    private static readonly string[] Names = ["registry.example.test", "localhost", "127.0.0.1", "::1"];

    private readonly ScratchDirectory _scratch = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string Directory => _scratch.File("tls");

    [Fact]
    public void The_first_call_makes_a_CA_and_a_server_certificate_for_every_name_with_private_keys_mode_0600()
    {
        var authority = new SelfSignedAuthority(Directory, Names, _time);

        Assert.Equal(SelfSignedOutcome.CreatedAuthority, authority.Ensure());

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authority.AuthorityKeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authority.KeyPath));
        }

        Assert.Equal(["ca.crt", "ca.key", "server.crt", "server.key"], System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).Order());
        using var ca = X509CertificateLoader.LoadCertificateFromFile(authority.AuthorityCertificatePath);
        using var server = X509CertificateLoader.LoadCertificateFromFile(authority.CertificatePath);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(server.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var alternativeNames = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["registry.example.test", "localhost"], alternativeNames.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], alternativeNames.EnumerateIPAddresses());
        Assert.Contains("1.3.6.1.5.5.7.3.1", server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.True(Verifies(server, ca));
        Assert.Equal(_time.GetUtcNow().AddDays(397).UtcDateTime, server.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_next_start_reuses_both()
    {
        var authority = new SelfSignedAuthority(Directory, Names, _time);
        authority.Ensure();
        var before = Snapshot(authority);

        _time.Advance(TimeSpan.FromDays(300));
        Assert.Equal(SelfSignedOutcome.Reused, new SelfSignedAuthority(Directory, Names, _time).Ensure());

        Assert.Equal(before, Snapshot(authority));
    }

    [Fact]
    public void The_server_certificate_is_reissued_from_the_same_CA_when_a_name_is_added()
    {
        new SelfSignedAuthority(Directory, Names, _time).Ensure();
        var before = Snapshot(new SelfSignedAuthority(Directory, Names, _time));

        var renamed = new SelfSignedAuthority(Directory, [.. Names, "wharf.internal"], _time);
        Assert.Equal(SelfSignedOutcome.IssuedServerCertificate, renamed.Ensure());

        var after = Snapshot(renamed);
        Assert.Equal(before.Ca, after.Ca);
        Assert.NotEqual(before.Server, after.Server);
        using var server = X509CertificateLoader.LoadCertificateFromFile(renamed.CertificatePath);
        Assert.Contains("wharf.internal", server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public void The_server_certificate_is_reissued_thirty_days_before_it_expires_and_the_CA_is_kept()
    {
        var authority = new SelfSignedAuthority(Directory, Names, _time);
        authority.Ensure();
        var before = Snapshot(authority);
        using var first = X509CertificateLoader.LoadCertificateFromFile(authority.CertificatePath);

        _time.Advance(TimeSpan.FromDays(366));
        Assert.False(authority.IsDue(first));
        Assert.Equal(SelfSignedOutcome.Reused, authority.Ensure());
        _time.Advance(TimeSpan.FromDays(2));
        Assert.True(authority.IsDue(first));
        Assert.Equal(SelfSignedOutcome.IssuedServerCertificate, authority.Ensure());

        Assert.Equal(before.Ca, Snapshot(authority).Ca);
        using var renewed = X509CertificateLoader.LoadCertificateFromFile(authority.CertificatePath);
        Assert.True(renewed.NotAfter > first.NotAfter);
    }

    [Fact]
    public void A_server_key_that_went_missing_gets_a_new_certificate()
    {
        var authority = new SelfSignedAuthority(Directory, Names, _time);
        authority.Ensure();
        File.Delete(authority.KeyPath);

        Assert.Equal(SelfSignedOutcome.IssuedServerCertificate, authority.Ensure());
        using var pair = X509Certificate2.CreateFromPemFile(authority.CertificatePath, authority.KeyPath);
        Assert.True(pair.HasPrivateKey);
    }

    [Fact]
    public void A_damaged_CA_stops_the_start_and_is_left_as_it_is()
    {
        var authority = new SelfSignedAuthority(Directory, Names, _time);
        authority.Ensure();
        File.WriteAllText(authority.AuthorityKeyPath, "not a key");

        var e = Assert.Throws<TlsCertificateException>(() => new SelfSignedAuthority(Directory, Names, _time).Ensure());
        Assert.Contains("remove both to make a new CA", e.Message, StringComparison.Ordinal);
        Assert.Equal("not a key", File.ReadAllText(authority.AuthorityKeyPath));
    }

    public void Dispose() => _scratch.Dispose();

    private static (string Ca, string Server) Snapshot(SelfSignedAuthority authority) =>
        (File.ReadAllText(authority.AuthorityCertificatePath) + File.ReadAllText(authority.AuthorityKeyPath),
         File.ReadAllText(authority.CertificatePath) + File.ReadAllText(authority.KeyPath));

    private bool Verifies(X509Certificate2 server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        return chain.Build(server);
    }
}
