using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Wharf.Server.Options;

/// <summary>Section <c>Metrics</c>: the Prometheus endpoint <c>/metrics</c> (docs/metrics.md).</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>Collect metrics and serve <c>/metrics</c>. Off, the instruments have no listener and cost one branch each.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An IP address and port (<c>127.0.0.1:9090</c>, <c>[::1]:9090</c>) of a separate plain-HTTP listener that
    /// alone serves <c>/metrics</c> (and the probes); empty serves <c>/metrics</c> on the registry's own listener.</summary>
    public string? Listen { get; set; }

    /// <summary>The parsed <see cref="Listen"/>; null when it is empty or malformed (validation reports the latter).</summary>
    public IPEndPoint? ListenEndPoint =>
        Listen is { Length: > 0 } text && IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 ? endpoint : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Listen is { Length: > 0 } && ListenEndPoint is null)
        {
            yield return new ValidationResult($"Metrics:Listen '{Listen}' is not an IP address and port, e.g. 127.0.0.1:9090", [nameof(Listen)]);
        }
    }
}
