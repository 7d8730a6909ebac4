namespace Wharf.Server.Tls;

/// <summary>A certificate or key that cannot be served: unreadable, not PEM, not a matching pair, or not for servers.
/// At start-up it stops the server with its message; on a reload the current certificate stays.</summary>
public sealed class TlsCertificateException : Exception
{
    public TlsCertificateException(string message)
        : base(message)
    {
    }

    public TlsCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TlsCertificateException()
    {
    }
}
