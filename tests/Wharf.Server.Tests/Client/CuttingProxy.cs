using System.Net;
using System.Net.Sockets;

namespace Wharf.Server.Tests.Client;

/// <summary>A TCP proxy on loopback in front of a registry that breaks one connection once: when the bytes a client
/// has sent on it pass <c>cutAfter</c>, both sides are reset mid-request (as a dropped network would), and every
/// later connection is forwarded untouched. Real sockets on both sides; nothing of HTTP is interpreted.</summary>
internal sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly long _cutAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _cuts;

    public CuttingProxy(int upstreamPort, long cutAfter)
    {
        _upstreamPort = upstreamPort;
        _cutAfter = cutAfter;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string HostPort => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many connections were cut (0 or 1).</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(ForwardAsync(client));
            }
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                var mayCut = Volatile.Read(ref _cuts) == 0;
                await Task.WhenAny(PumpAsync(client, upstream, mayCut), PumpAsync(upstream, client, false));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // a reset on either side ends this connection; that is the point of the exercise
            }
            finally
            {
                Reset(client);
                Reset(upstream);
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool mayCut)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            var n = await from.ReceiveAsync(buffer, _stop.Token);
            if (n == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            var send = n;
            if (mayCut && total + n >= _cutAfter && Interlocked.CompareExchange(ref _cuts, 1, 0) == 0)
            {
                send = (int)(_cutAfter - total); // forward exactly up to the cut, then reset both ends
                await to.SendAsync(buffer.AsMemory(0, send), _stop.Token);
                return;
            }

            await to.SendAsync(buffer.AsMemory(0, send), _stop.Token);
            total += n;
        }
    }

    /// <summary>An RST rather than a FIN: linger 0 then close.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }
}
