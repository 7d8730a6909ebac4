using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Wharf.Server.Options;

/// <summary>Section <c>Proxy</c>: the load balancers or reverse proxies in front of Wharf whose <c>X-Forwarded-For</c>
/// is believed. Behind a balancer every request comes from the balancer's address, so without this the login throttle
/// would count every client's failures against that one address (five wrong passwords from anyone would pause logins for
/// everyone) and the audit log would name the balancer as every caller.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Addresses or CIDR networks (<c>10.0.0.10</c>, <c>10.0.0.0/24</c>, <c>fd00::/8</c>) of the proxies. A
    /// request from one of them is taken to come from the last address its <c>X-Forwarded-For</c> names that is not
    /// itself one of them; from any other peer the header is ignored. Empty: the header is never believed.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>The parsed <see cref="TrustedNetworks"/>; the malformed ones (which validation reports) left out.</summary>
    public IReadOnlyList<IPNetwork> Networks => [.. TrustedNetworks.Select(Parse).OfType<IPNetwork>()];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in TrustedNetworks.Where(n => Parse(n) is null))
        {
            yield return new ValidationResult(
                $"Proxy:TrustedNetworks '{network}' is not an IP address or a CIDR network, e.g. 10.0.0.10 or 10.0.0.0/24", [nameof(TrustedNetworks)]);
        }
    }

    /// <summary>A network, or a single address as a network of one.</summary>
    private static IPNetwork? Parse(string text)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : null;
    }
}
