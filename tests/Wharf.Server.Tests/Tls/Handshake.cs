using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Wharf.Server.Tests.Tls;

/// <summary>What one TLS handshake showed: the server's certificate, the verified chain from it to the pinned root,
/// and the protocol ALPN chose.</summary>
public sealed record Handshake(X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain, SslApplicationProtocol Protocol);
