using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Server.Tls;

/// <summary>Wharf's own CA for <c>--tls-self-signed</c>, and the server certificate it issues, as PEM files:
/// <code>
/// &lt;data&gt;/tls/ca.crt       the CA certificate: what clients trust (10 years)
/// &lt;data&gt;/tls/ca.key       its private key, mode 0600
/// &lt;data&gt;/tls/server.crt   the server certificate for the configured names (397 days)
/// &lt;data&gt;/tls/server.key   its private key, mode 0600
/// </code>
/// Made once and reused on every start; the server certificate is reissued from the same CA when it is within
/// <see cref="RenewBefore"/> of expiry, lacks a name, or does not match its key or the CA, so clients that trust the CA
/// never notice. A CA that cannot be read is an error, never silently replaced: clients trust it. Keys are ECDSA P-256;
/// files are written to a temporary name and renamed, so a reader never sees half a file.</summary>
internal sealed class SelfSignedAuthority(string directory, IReadOnlyList<string> names, TimeProvider time)
{
    /// <summary>Reissue this long before expiry (what certbot and cert-manager do).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    // 397 days: the longest validity Apple's clients accept for a server certificate.
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(397);
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3653);

    // Tolerates clients whose clock is a little behind.
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateKeyMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public string Directory { get; } = directory;

    public string AuthorityCertificatePath => Path.Combine(Directory, "ca.crt");

    public string AuthorityKeyPath => Path.Combine(Directory, "ca.key");

    public string CertificatePath => Path.Combine(Directory, "server.crt");

    public string KeyPath => Path.Combine(Directory, "server.key");

    /// <summary>The names the server certificate must cover, host names and IP addresses.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>Makes whatever is missing or due. Idempotent: a second call right after the first reuses everything.</summary>
    /// <exception cref="TlsCertificateException">The CA files exist but cannot be used.</exception>
    public SelfSignedOutcome Ensure()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var now = time.GetUtcNow();
        using var authority = LoadAuthority();
        if (authority is null || authority.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore)
        {
            using var created = CreateAuthority(now);
            Issue(created, now);
            return SelfSignedOutcome.CreatedAuthority;
        }

        if (ServerCertificateIsGood(authority, now))
        {
            return SelfSignedOutcome.Reused;
        }

        Issue(authority, now);
        return SelfSignedOutcome.IssuedServerCertificate;
    }

    /// <summary>True when the served certificate is within <see cref="RenewBefore"/> of expiry.</summary>
    public bool IsDue(X509Certificate2 served) => served.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime < RenewBefore;

    private X509Certificate2? LoadAuthority()
    {
        var haveCertificate = File.Exists(AuthorityCertificatePath);
        var haveKey = File.Exists(AuthorityKeyPath);
        if (!haveCertificate && !haveKey)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(AuthorityCertificatePath, AuthorityKeyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException(
                $"Wharf's CA in {Directory} cannot be used ({e.Message}); clients may trust it, so it is not replaced: restore ca.crt " +
                "and ca.key, or remove both to make a new CA (every client must then trust the new ca.crt)", e);
        }
    }

    private bool ServerCertificateIsGood(X509Certificate2 authority, DateTimeOffset now)
    {
        X509Certificate2 server;
        try
        {
            server = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return false; // missing, damaged or not a pair: issue a new one
        }

        using (server)
        {
            if (server.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || !Covers(server))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            return chain.Build(server);
        }
    }

    private bool Covers(X509Certificate2 server)
    {
        var extension = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }

        var dns = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var addresses = extension.EnumerateIPAddresses().ToHashSet();
        return Names.All(name => IPAddress.TryParse(name, out var address) ? addresses.Contains(address) : dns.Contains(name));
    }

    private X509Certificate2 CreateAuthority(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Wharf");
        subject.AddCommonName($"Wharf CA {Names[0]} {now:yyyy-MM-dd}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var authority = request.CreateSelfSigned(now - Backdate, now + AuthorityLifetime);
        WriteAtomically(AuthorityKeyPath, key.ExportPkcs8PrivateKeyPem(), PrivateKeyMode);
        WriteAtomically(AuthorityCertificatePath, authority.ExportCertificatePem(), PublicMode);
        return authority;
    }

    private void Issue(X509Certificate2 authority, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(Names[0]);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(AlternativeNames());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        // Never past the CA's own expiry (CertificateRequest refuses that).
        var notAfter = now + ServerLifetime < authority.NotAfter.ToUniversalTime() ? now + ServerLifetime : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7f) | 0x01); // RFC 5280 §4.1.2.2: positive; Go rejects a negative serial
        using var server = request.Create(authority, now - Backdate, notAfter, serial);

        // The key first: a reader between the two renames sees a mismatched pair and keeps what it has.
        WriteAtomically(KeyPath, key.ExportPkcs8PrivateKeyPem(), PrivateKeyMode);
        WriteAtomically(CertificatePath, server.ExportCertificatePem(), PublicMode);
    }

    private X509Extension AlternativeNames()
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in Names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(name);
            }
        }

        return builder.Build();
    }

    private static void WriteAtomically(string path, string pem, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode; // the key is never readable by others, not even for a moment
        }

        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(pem);
            writer.Write('\n');
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
