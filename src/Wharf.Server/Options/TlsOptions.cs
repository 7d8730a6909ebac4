using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Wharf.Server.Options;

/// <summary>Section <c>Tls</c>: HTTPS served by Wharf itself (decision 010), either from a PEM certificate and key
/// (<c>--tls-cert</c>/<c>--tls-key</c>; reloaded when the files change) or from a CA and server certificate Wharf makes
/// under <c>&lt;DataDirectory&gt;/tls</c> (<c>--tls-self-signed</c>). Off when neither is set.</summary>
public sealed class TlsOptions : IValidatableObject
{
    public const string Section = "Tls";

    /// <summary>A PEM file: the server certificate first, then any intermediates, all served as the chain.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key (PKCS#8, or PKCS#1/SEC1) of the certificate in <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Serve a certificate from Wharf's own CA, made under <c>&lt;DataDirectory&gt;/tls</c> on the first start.</summary>
    public bool SelfSigned { get; set; }

    /// <summary>The host names and IP addresses the self-signed certificate covers; empty means this machine's host name,
    /// <c>localhost</c>, and the listen addresses (loopback and the machine's addresses when listening on all).</summary>
    public IList<string> SelfSignedNames { get; } = [];

    /// <summary>How often the certificate files are checked for a new pair (a renewal by certbot or cert-manager).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when Wharf serves HTTPS itself.</summary>
    public bool Enabled => SelfSigned || CertificatePath is { Length: > 0 };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SelfSigned && (CertificatePath is { Length: > 0 } || KeyPath is { Length: > 0 }))
        {
            yield return new ValidationResult(
                "Tls:SelfSigned and Tls:CertificatePath/KeyPath exclude each other: serve your certificate or Wharf's own",
                [nameof(SelfSigned), nameof(CertificatePath)]);
        }
        else if ((CertificatePath is { Length: > 0 }) != (KeyPath is { Length: > 0 }))
        {
            yield return new ValidationResult("Tls:CertificatePath and Tls:KeyPath go together (--tls-cert and --tls-key)", [nameof(CertificatePath), nameof(KeyPath)]);
        }

        foreach (var name in SelfSignedNames)
        {
            if (!IPAddress.TryParse(name, out _) && Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                yield return new ValidationResult($"Tls:SelfSignedNames: '{name}' is neither a host name nor an IP address", [nameof(SelfSignedNames)]);
            }
        }
    }
}
