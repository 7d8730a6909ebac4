using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wharf.Server.Tests.Tls;

/// <summary>A server certificate a <see cref="TestCertificateAuthority"/> issued: the leaf (public part), its private
/// key as PKCS#8 PEM, and the intermediates between it and the root (none when the root issued it).</summary>
public sealed record IssuedCertificate(X509Certificate2 Leaf, string KeyPem, IReadOnlyList<X509Certificate2> Intermediates)
{
    /// <summary>The leaf's serial number in hex, as <c>X509Certificate2.SerialNumber</c> reports a peer's.</summary>
    public string Serial => Leaf.SerialNumber;

    /// <summary>The leaf then the intermediates, like certbot's fullchain.pem.</summary>
    public string FullChainPem
    {
        get
        {
            var pem = new StringBuilder(Leaf.ExportCertificatePem()).Append('\n');
            foreach (var intermediate in Intermediates)
            {
                pem.Append(intermediate.ExportCertificatePem()).Append('\n');
            }

            return pem.ToString();
        }
    }

    /// <summary>Writes <c>cert.pem</c> (the full chain) and <c>key.pem</c> into <paramref name="directory"/>.</summary>
    public (string Certificate, string Key) WriteTo(string directory)
    {
        var certificate = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificate, FullChainPem);
        File.WriteAllText(key, KeyPem);
        return (certificate, key);
    }
}
