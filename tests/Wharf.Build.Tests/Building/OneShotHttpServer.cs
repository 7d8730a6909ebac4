using System.Net;
using System.Net.Sockets;

namespace Wharf.Build.Tests.Building;

/// <summary>An HTTP server on loopback that answers one request with the given body (and a Last-Modified of
/// 2025-01-01, and any extra header lines given), or one request per body given to <see cref="Serving"/>, in turn, for
/// ADD's URL tests.</summary>
internal sealed class OneShotHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public OneShotHttpServer(byte[] body, params string[] headers)
        : this([body], headers)
    {
    }

    private OneShotHttpServer(byte[][] bodies, string[] headers)
    {
        _listener.Start();
        Served = ServeAllAsync(bodies, headers);
    }

    /// <summary>Answers as many requests as there are bodies, the n-th with the n-th, at the same URL.</summary>
    public static OneShotHttpServer Serving(params byte[][] bodies) => new(bodies, []);

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

    /// <summary>Completes when the last answer was sent.</summary>
    public Task Served { get; }

    public void Dispose() => _listener.Stop();

    private async Task ServeAllAsync(byte[][] bodies, string[] headers)
    {
        foreach (var body in bodies)
        {
            await ServeAsync(body, headers);
        }
    }

    private async Task ServeAsync(byte[] body, string[] headers)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync() is { Length: > 0 })
        {
        }

        var extra = string.Concat(headers.Select(h => h + "\r\n"));
        var head = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nLast-Modified: Wed, 01 Jan 2025 00:00:00 GMT\r\n{extra}Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
    }
}
