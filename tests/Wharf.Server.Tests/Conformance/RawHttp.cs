using System.Net.Sockets;
using System.Text;

namespace Wharf.Server.Tests.Conformance;

/// <summary>HTTP/1.1 over a bare socket, for requests HttpClient refuses to send: bodies shorter than their
/// Content-Length, broken chunked framing, conflicting length headers.</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, CRLF-separated, without the blank line) and
    /// <paramref name="body"/>, then half-closes the connection so the server sees the end of the request.
    /// Returns the response status, or null when the server closed the connection without answering.
    /// <paramref name="halfClose"/> false keeps the sending side open: Kestrel may take a half-close for the client
    /// going away and abort a request still being handled.</summary>
    public static async Task<int?> SendAsync(Uri server, string head, byte[] body, bool halfClose = true)
    {
        var ct = TestContext.Current.CancellationToken;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\nConnection: close\r\n\r\n"), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
        if (halfClose)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        using var response = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // A reset after the response was written still leaves the status line readable below.
        }

        var text = Encoding.ASCII.GetString(response.ToArray());
        var parts = text.Split(' ', 3);
        return parts.Length >= 2 && text.StartsWith("HTTP/1.", StringComparison.Ordinal) && int.TryParse(parts[1], out var status) ? status : null;
    }
}
