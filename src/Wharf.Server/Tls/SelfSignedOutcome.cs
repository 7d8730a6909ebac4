namespace Wharf.Server.Tls;

/// <summary>What <see cref="SelfSignedAuthority.Ensure"/> had to do.</summary>
internal enum SelfSignedOutcome
{
    /// <summary>The CA and the server certificate on disk were good and are used as they are.</summary>
    Reused,

    /// <summary>A new server certificate from the existing CA: the first, a renewal, or new names. Clients that
    /// trust the CA trust it already.</summary>
    IssuedServerCertificate,

    /// <summary>A new CA (the first start, or the old one expiring) and a server certificate from it: clients must
    /// trust the new CA.</summary>
    CreatedAuthority,
}
