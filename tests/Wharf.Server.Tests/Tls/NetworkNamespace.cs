using System.Net;

namespace Wharf.Server.Tests.Tls;

/// <summary>A network namespace of the test's own, joined to the machine's by a veth pair on a /30 in 10.213.0.0/16:
/// addresses outside 127.0.0.0/8, which docker treats as an ordinary (TLS-verified) registry. A random name and subnet
/// per instance, so two test runs never meet; removed on dispose, veth included.</summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly string _hostInterface;

    private NetworkNamespace(string name, string hostInterface, IPAddress hostAddress, IPAddress address)
    {
        Name = name;
        _hostInterface = hostInterface;
        HostAddress = hostAddress;
        Address = address;
    }

    public string Name { get; }

    /// <summary>The machine's end of the veth.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The namespace's end: where a server inside listens.</summary>
    public IPAddress Address { get; }

    /// <summary>The command prefix that runs a program inside.</summary>
    public IReadOnlyList<string> Exec => ["ip", "netns", "exec", Name];

    public static async Task<NetworkNamespace> CreateAsync(CancellationToken ct)
    {
        ExternalTool.Require("ip");
        var id = Guid.NewGuid().ToString("N")[..6];
        var inUse = (await IpAsync(["-o", "-4", "addr"], ct)).StandardOutput;
        int block;
        do
        {
            block = Random.Shared.Next(1, 16384);
        }
        while (inUse.Contains($" 10.213.{block >> 6}.{((block & 63) * 4) + 1}/", StringComparison.Ordinal));

        var hostAddress = IPAddress.Parse($"10.213.{block >> 6}.{((block & 63) * 4) + 1}");
        var address = IPAddress.Parse($"10.213.{block >> 6}.{((block & 63) * 4) + 2}");
        // Interface names are at most 15 bytes.
        var network = new NetworkNamespace($"wharf-tls-{id}", $"wt{id}h", hostAddress, address);
        var inside = $"wt{id}n";
        try
        {
            (await IpAsync(["netns", "add", network.Name], ct)).EnsureSuccess();
            (await IpAsync(["link", "add", network._hostInterface, "type", "veth", "peer", "name", inside], ct)).EnsureSuccess();
            (await IpAsync(["link", "set", inside, "netns", network.Name], ct)).EnsureSuccess();
            (await IpAsync(["addr", "add", $"{hostAddress}/30", "dev", network._hostInterface], ct)).EnsureSuccess();
            (await IpAsync(["link", "set", network._hostInterface, "up"], ct)).EnsureSuccess();
            (await IpAsync(["-n", network.Name, "addr", "add", $"{address}/30", "dev", inside], ct)).EnsureSuccess();
            (await IpAsync(["-n", network.Name, "link", "set", inside, "up"], ct)).EnsureSuccess();
            (await IpAsync(["-n", network.Name, "link", "set", "lo", "up"], ct)).EnsureSuccess();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes the veth (both ends go together) and the namespace; what is already gone is no error.</summary>
    public async ValueTask DisposeAsync()
    {
        await IpAsync(["link", "del", _hostInterface], CancellationToken.None);
        await IpAsync(["netns", "del", Name], CancellationToken.None);
    }

    private static Task<ToolResult> IpAsync(string[] arguments, CancellationToken ct) =>
        ExternalTool.RunAsync("ip", arguments, timeout: TimeSpan.FromSeconds(30), ct: ct);
}
