namespace Wharf.Oci.Client;

/// <summary>The registry (or its token service) could not be reached at all: connection refused, unknown host, TLS
/// failure. The message is one line naming host and port.</summary>
public sealed class RegistryUnreachableException(string hostAndPort, string reason, Exception? innerException = null)
    : Exception($"cannot reach registry {hostAndPort}: {reason}", innerException)
{
    /// <summary>host:port that was tried.</summary>
    public string HostAndPort { get; } = hostAndPort;
}
