using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Wharf.Server.Tls;

/// <summary>The names a self-signed certificate covers when <c>Tls:SelfSignedNames</c> is empty: this machine's host
/// name, <c>localhost</c>, and the addresses clients can reach the listeners at: a listener on one address, that
/// address; a listener on all (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>), the loopback addresses and every address of the
/// machine's interfaces that are up (link-local ones left out: they need a zone a URL cannot carry). When the machine's
/// addresses change, the next start reissues the certificate from the same CA.</summary>
internal static class SelfSignedNames
{
    public static IReadOnlyList<string> For(IEnumerable<string> configured, ListenUrls listen)
    {
        var names = configured.ToList();
        if (names.Count > 0)
        {
            return Distinct(names);
        }

        names.Add(Dns.GetHostName());
        names.Add("localhost");
        foreach (var host in listen.HttpsHosts)
        {
            var bare = host.Trim('[', ']');
            var address = IPAddress.TryParse(bare, out var parsed) ? parsed : null;
            if (bare is "*" or "+" || IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address))
            {
                names.Add("127.0.0.1");
                names.Add("::1");
                names.AddRange(MachineAddresses());
            }
            else if (bare.Length > 0)
            {
                names.Add(address?.ToString() ?? bare);
            }
        }

        return Distinct(names);
    }

    private static List<string> Distinct(List<string> names) => [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];

    private static IEnumerable<string> MachineAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal)
                .Select(a => a.ToString())];
        }
        catch (NetworkInformationException)
        {
            return []; // no interface list (a sandbox): the host name and loopback still go in
        }
    }
}
