using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Bench;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that reads each request body to the end (optionally hashing it with
/// SHA-256) and answers 201. Pushing into it measures what the load generator and loopback can do at most, so a
/// registry's push figure can be read against it.
/// </summary>
internal sealed class LoopbackSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _hash;
    private readonly Task _accept;

    public LoopbackSink(bool hash)
    {
        _hash = hash;
        _listener.Start();
        _accept = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accept;
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[1 << 20];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }
                    filled += n;
                }
                var remaining = ContentLength(Encoding.ASCII.GetString(buffer, 0, headerEnd));
                var bodyStart = headerEnd + 4;
                var inBuffer = (int)Math.Min(remaining, filled - bodyStart);
                Consume(hash, buffer.AsSpan(bodyStart, inBuffer));
                remaining -= inBuffer;
                buffer.AsSpan(bodyStart + inBuffer, filled - bodyStart - inBuffer).CopyTo(buffer);
                filled -= bodyStart + inBuffer;
                while (remaining > 0)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }
                    Consume(hash, buffer.AsSpan(0, n));
                    remaining -= n;
                }
                hash.GetHashAndReset();
                await stream.WriteAsync("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
        {
        }
    }

    private void Consume(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        if (_hash)
        {
            hash.AppendData(bytes);
        }
    }

    private static long ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
