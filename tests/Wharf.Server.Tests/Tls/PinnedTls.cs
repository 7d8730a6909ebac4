using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Server.Tests.Tls;

/// <summary>TLS clients that trust exactly one root (a test's CA), never the machine's store: an HttpClient, and a
/// bare handshake that reports what the server presented and which protocol ALPN chose.</summary>
internal static class PinnedTls
{
    /// <summary>Verification against <paramref name="root"/> alone, names checked, nothing fetched from the network.</summary>
    public static X509ChainPolicy Policy(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    /// <summary>An HttpClient for <paramref name="baseAddress"/> that trusts only <paramref name="root"/> and asks for
    /// exactly <paramref name="version"/> (no fallback, so a test sees what was negotiated).</summary>
    public static HttpClient Client(Uri baseAddress, X509Certificate2 root, Version version) =>
        new(Handler(root))
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>A handler that trusts only the CA certificate in <paramref name="caPath"/>, read at each handshake: for a
    /// server that writes its CA while starting (<c>--tls-self-signed</c>).</summary>
    public static SocketsHttpHandler HandlerTrustingFile(string caPath) =>
        new()
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || !File.Exists(caPath) || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var root = X509CertificateLoader.LoadCertificateFromFile(caPath);
                    using var chain = new X509Chain { ChainPolicy = Policy(root) };
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };

    /// <summary>A handler that trusts only <paramref name="root"/>.</summary>
    public static SocketsHttpHandler Handler(X509Certificate2 root) =>
        new() { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = Policy(root) } };

    /// <summary>One new TCP connection and TLS handshake with <paramref name="host"/> (the name the certificate must
    /// carry, connected to at <paramref name="address"/>): the certificate the server presented, the chain it sent,
    /// and the ALPN protocol chosen. Throws <see cref="System.Security.Authentication.AuthenticationException"/>
    /// when the certificate does not verify against <paramref name="root"/>.</summary>
    public static async Task<Handshake> HandshakeAsync(
        string address, int port, string host, X509Certificate2 root, IReadOnlyList<SslApplicationProtocol> protocols, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address, port, ct);
        var sent = new List<X509Certificate2>();
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ApplicationProtocols = [.. protocols],
                CertificateChainPolicy = Policy(root),
                RemoteCertificateValidationCallback = (_, _, chain, errors) =>
                {
                    // The chain .NET built includes the intermediates the server sent; record them, and accept only
                    // what the pinned policy accepted.
                    sent.AddRange(chain?.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)) ?? []);
                    return errors == SslPolicyErrors.None;
                },
            },
            ct);
        var certificate = X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        return new Handshake(certificate, sent, tls.NegotiatedApplicationProtocol);
    }
}
