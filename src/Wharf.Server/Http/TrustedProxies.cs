using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Wharf.Server.Options;

namespace Wharf.Server.Http;

/// <summary>Takes a request's client address from <c>X-Forwarded-For</c>, and its scheme from <c>X-Forwarded-Proto</c>,
/// when, and only when, it comes from a proxy named in <c>Proxy:TrustedNetworks</c> (<see cref="ProxyOptions"/>): the
/// login throttle, the audit log and the management API see the client behind a load balancer rather than the
/// balancer, and a request the balancer received over TLS counts as HTTPS, so the web UI's cookies are <c>Secure</c>
/// and its pull commands and webhook URLs say https. Nothing else is taken from forwarded headers: the token realm a
/// client is sent to is <c>Auth:Realm</c> (decision 010), the host is the request's own.</summary>
internal static class TrustedProxies
{
    public static void Use(WebApplication app)
    {
        var networks = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Networks;
        if (networks.Count == 0)
        {
            return;
        }

        // No limit on hops, but each must be trusted: with a CDN in front of HAProxy both are listed, and an address
        // a client wrote into the header itself is never reached past the first untrusted one.
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = null };
        // ASP.NET Core trusts loopback by default; here only what the operator listed.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        app.UseForwardedHeaders(options);
    }
}
