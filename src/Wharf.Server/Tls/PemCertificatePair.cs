using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.Server.Tls;

/// <summary>Reads a PEM certificate file (the leaf, then any intermediates: certbot's fullchain.pem, cert-manager's
/// tls.crt) and its PEM key into a <see cref="ServerCertificate"/>. Both files are read once and parsed from those
/// bytes, so the pair checked is the pair served.</summary>
internal static class PemCertificatePair
{
    /// <summary>Reads both files; throws <see cref="TlsCertificateException"/> naming the file that could not be read.</summary>
    public static (byte[] Certificate, byte[] Key) Read(string certificatePath, string keyPath) =>
        (ReadFile(certificatePath, "certificate"), ReadFile(keyPath, "key"));

    /// <summary>SHA-256 of the certificate bytes then the key bytes, hex.</summary>
    public static string Fingerprint(byte[] certificate, byte[] key)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(certificate);
        hash.AppendData(key);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The pair as a server certificate; throws <see cref="TlsCertificateException"/> when the certificate file
    /// holds no certificate, the key file no key, the key is not the certificate's (a renewal half written), or the
    /// certificate may not serve TLS (an extended key usage without serverAuth).</summary>
    public static ServerCertificate Load(byte[] certificate, byte[] key, string certificatePath)
    {
        var certificatePem = Encoding.UTF8.GetString(certificate);
        X509Certificate2 leaf;
        try
        {
            // The first CERTIFICATE block is the leaf; the key must be its key.
            leaf = X509Certificate2.CreateFromPem(certificatePem, Encoding.UTF8.GetString(key));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsCertificateException($"{certificatePath} and its key are not a usable pair: {e.Message}", e);
        }

        if (!AllowsServerAuthentication(leaf))
        {
            throw new TlsCertificateException($"{certificatePath} is not for servers: its extended key usage lacks serverAuth");
        }

        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use a key that lives only in memory (what CreateFromPem makes): give it a PKCS#12 round trip.
            leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
        }

        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPem(certificatePem);
        intermediates.RemoveAt(0);

        // Built once per pair, offline: the chain comes from the file (and the machine's store), never from a download
        // during a handshake, and no handshake rebuilds it.
        var context = System.Net.Security.SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        return new ServerCertificate(leaf, context, Fingerprint(certificate, key));
    }

    /// <summary>RFC 5280 §4.2.1.12: without the extension any use is allowed; with it, serverAuth or anyExtendedKeyUsage.</summary>
    private static bool AllowsServerAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is "1.3.6.1.5.5.7.3.1" or "2.5.29.37.0");

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException($"cannot read the TLS {what} {path}: {e.Message}", e);
        }
    }
}
