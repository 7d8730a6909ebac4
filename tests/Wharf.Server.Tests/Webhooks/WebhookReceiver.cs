using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>A real webhook receiver on loopback: Kestrel on 127.0.0.1 at a port of its own that it keeps across
/// <see cref="StopAsync"/> and <see cref="StartAsync"/>, so a test can take it down (connections refused, as with a
/// receiver that is down) and bring it back at the same URL. It keeps every POST and answers <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();
    private WebApplication? _app;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    /// <summary>Where Wharf posts: <c>http://127.0.0.1:PORT/hook</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>What it answers, 204 unless a test wants a failure.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

    public IReadOnlyList<ReceivedPost> Posts => [.. _posts];

    /// <summary>A receiver on a free port, up unless <paramref name="up"/> is false.</summary>
    public static async Task<WebhookReceiver> StartNewAsync(bool up = true)
    {
        var receiver = new WebhookReceiver(FreePort());
        if (up)
        {
            await receiver.StartAsync();
        }

        return receiver;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            _posts.Enqueue(new ReceivedPost(
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body.ToArray()));
            return Results.StatusCode((int)Status);
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Down: the port is closed, so a POST is refused.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Waits until the POSTs taken satisfy <paramref name="done"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedPost>> WaitAsync(Func<IReadOnlyList<ReceivedPost>, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!done(Posts))
        {
            Assert.True(watch.Elapsed < limit, $"the receiver did not get what was expected within {limit.TotalSeconds} s; it got {_posts.Count} POSTs");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return Posts;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
