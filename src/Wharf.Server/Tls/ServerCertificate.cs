using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Server.Tls;

/// <summary>One loaded certificate/key pair ready for handshakes: the leaf with its key, the context Kestrel hands to
/// each handshake (the leaf plus the intermediates from the file, built once), and a hash of the two files' bytes, so a
/// reload can tell new files from the same ones without parsing them.</summary>
internal sealed class ServerCertificate(X509Certificate2 leaf, SslStreamCertificateContext context, string fingerprint)
{
    public X509Certificate2 Leaf { get; } = leaf;

    public SslStreamCertificateContext Context { get; } = context;

    /// <summary>When the leaf expires, UTC.</summary>
    public DateTime NotAfter { get; } = leaf.NotAfter.ToUniversalTime();

    /// <summary>SHA-256 over the certificate file's bytes then the key file's.</summary>
    public string Fingerprint { get; } = fingerprint;
}
