using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Server.Tests.Tls;

/// <summary>The test's own certificate authority (RSA, as most public CAs still issue): a root, optionally an
/// intermediate under it, and server certificates for the names a test uses, written as PEM files the way certbot
/// writes them (<c>fullchain.pem</c>: the leaf, then the intermediates; the key apart). Nothing here is Wharf's code,
/// so the server is tested against certificates it did not make.</summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly TestCertificateAuthority? _parent;

    private TestCertificateAuthority(X509Certificate2 certificate, TestCertificateAuthority? parent)
    {
        Certificate = certificate;
        _parent = parent;
    }

    /// <summary>This authority's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The root this authority chains to (itself for a root): what a client must trust.</summary>
    public X509Certificate2 Root => _parent?.Root ?? Certificate;

    public static TestCertificateAuthority CreateRoot(string name)
    {
        using var key = RSA.Create(2048);
        var request = AuthorityRequest(name, key);
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5)), null);
    }

    /// <summary>An intermediate under this authority, which then issues the server certificates.</summary>
    public TestCertificateAuthority CreateIntermediate(string name)
    {
        using var key = RSA.Create(2048);
        var request = AuthorityRequest(name, key);
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Certificate, now.AddDays(-1), now.AddYears(2), Serial());
        return new TestCertificateAuthority(issued.CopyWithPrivateKey(key), this);
    }

    /// <summary>A server certificate for <paramref name="names"/> (host names or IP addresses).</summary>
    public IssuedCertificate Issue(params string[] names)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        var now = DateTimeOffset.UtcNow;
        using var leaf = request.Create(Certificate, now.AddHours(-1), now.AddDays(90), Serial());
        var chain = new List<X509Certificate2>();
        for (var authority = this; authority._parent is not null; authority = authority._parent)
        {
            chain.Add(authority.Certificate);
        }

        return new IssuedCertificate(X509CertificateLoader.LoadCertificate(leaf.RawData), key.ExportPkcs8PrivateKeyPem(), chain);
    }

    /// <summary>Writes the root certificate (what a client trusts) as PEM.</summary>
    public void WriteRoot(string path) => File.WriteAllText(path, Root.ExportCertificatePem() + "\n");

    public void Dispose() => Certificate.Dispose();

    private static CertificateRequest AuthorityRequest(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name}, O=Wharf tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7f) | 0x10); // positive and 16 bytes long
        return serial;
    }
}
