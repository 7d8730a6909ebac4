using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Tls;

namespace Wharf.Server.Tests.Cluster;

/// <summary>Behind HAProxy every connection a node sees comes from the balancer; with <c>option forwardfor</c> and
/// <c>Proxy:TrustedNetworks</c> (docs/deploy) it still knows the client.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task Failed_logins_through_the_balancer_pause_the_guessing_clients_address_not_the_balancers()
    {
        var guesser = IPAddress.Parse("127.0.0.2");
        var bystander = IPAddress.Parse("127.0.0.3");
        // Auth:Credentials:MaxFailures (5) wrong passwords, each different: a repeated one counts once per node.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(guesser, "mallory", $"guess-{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync(guesser, "admin", WharfCluster.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, await LoginFromAsync(bystander, "admin", WharfCluster.AdminPassword));

        using var api = Cluster.PublicClient();
        api.DefaultRequestHeaders.Authorization = BasicAuth.Header("admin", WharfCluster.AdminPassword);
        var audit = JsonNode.Parse(await api.GetStringAsync($"api/v1/audit?action={AuditActions.LoginFailed}", Ct))!.AsArray();
        var addresses = audit.Where(e => e!["target"]!.GetValue<string>() == "mallory").Select(e => e!["clientAddress"]!.GetValue<string>());
        Assert.Equal(Enumerable.Repeat("127.0.0.2", 5), addresses);
    }

    /// <summary>A token request through the balancer from a connection bound to <paramref name="source"/>.</summary>
    private async Task<HttpStatusCode> LoginFromAsync(IPAddress source, string user, string password)
    {
        var handler = PinnedTls.Handler(Cluster.Root);
        handler.ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        using var client = new HttpClient(handler) { BaseAddress = Cluster.PublicAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "auth/token?service=wharf");
        request.Headers.Authorization = BasicAuth.Header(user, password);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
