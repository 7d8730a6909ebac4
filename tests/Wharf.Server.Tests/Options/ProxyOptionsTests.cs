using System.ComponentModel.DataAnnotations;
using System.Net;
using Wharf.Server.Options;

namespace Wharf.Server.Tests.Options;

/// <summary>The <c>Proxy</c> section: which trusted proxies start-up validation accepts.</summary>
public sealed class ProxyOptionsTests
{
    [Fact]
    public void Addresses_and_cidr_networks_are_accepted_anything_else_is_named_in_the_error()
    {
        var options = new ProxyOptions { TrustedNetworks = ["10.0.0.10", "10.0.0.0/24", "fd00::/8", "::1"] };
        Assert.Empty(Errors(options));
        Assert.Equal([IPNetwork.Parse("10.0.0.10/32"), IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/8"), IPNetwork.Parse("::1/128")], options.Networks);

        foreach (var bad in new[] { "haproxy.internal", "10.0.0.0/33", "10.0.0.300", "" })
        {
            var error = Assert.Single(Errors(new ProxyOptions { TrustedNetworks = [bad] }));
            Assert.Contains($"'{bad}'", error, StringComparison.Ordinal);
        }
    }

    private static List<string> Errors(ProxyOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }
}
