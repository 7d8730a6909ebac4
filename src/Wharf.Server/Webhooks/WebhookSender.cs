using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Wharf.Registry.Notifications;
using Wharf.Server.Options;

namespace Wharf.Server.Webhooks;

/// <summary>Sends one claimed batch as one POST: registry events in Distribution's envelope
/// (<c>{"events":[…]}</c>, <see cref="DistributionEvents.EnvelopeMediaType"/>), a build as its document
/// (<c>application/json</c>), signed (<see cref="WebhookSignature"/>), with the webhook's extra headers, within
/// <c>Notifications:Timeout</c>. Redirects are not followed (a receiver that moved is a failure to look at, and the
/// signature and headers must not go to another host); only a 2xx answer delivers.</summary>
internal sealed class WebhookSender(WebhookService webhooks, IOptions<NotificationsOptions> options, TimeProvider time) : IDisposable
{
    public const string UserAgent = "Wharf-Webhooks/1";

    // The receiver's answer is not kept: only so much of it is read, so the connection can be reused.
    private const int MaxDrainedBytes = 64 * 1024;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public async Task<DeliveryAttempt> SendAsync(ClaimedBatch batch, CancellationToken stopping)
    {
        var started = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        string secret;
        IReadOnlyDictionary<string, string> extra;
        try
        {
            secret = webhooks.OpenSecret(batch.Webhook);
            extra = webhooks.OpenHeaders(batch.Webhook);
        }
        catch (CryptographicException e)
        {
            return new DeliveryAttempt(false, null, $"the webhook's secret cannot be opened: {e.Message}", watch.Elapsed, started);
        }

        var body = Body(batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, batch.Webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(batch.IsBuild ? "application/json" : DistributionEvents.EnvelopeMediaType);
        foreach (var (name, value) in extra)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add("X-Wharf-Event", batch.IsBuild ? WebhookActionWords.Build : "registry");
        request.Headers.Add("X-Wharf-Delivery", batch.BatchId);
        request.Headers.Add("X-Wharf-Webhook", batch.Webhook.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(secret, body));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            await DrainAsync(response, deadline.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new DeliveryAttempt(true, status, null, watch.Elapsed, started)
                : new DeliveryAttempt(false, status, $"the receiver answered {status} {response.ReasonPhrase}", watch.Elapsed, started);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return new DeliveryAttempt(false, null, "this node stopped during the attempt", watch.Elapsed, started);
        }
        catch (OperationCanceledException)
        {
            return new DeliveryAttempt(false, null, $"no answer within {options.Value.Timeout.TotalSeconds:0.###} s", watch.Elapsed, started);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(false, (int?)e.StatusCode, $"the request failed: {e.Message}", watch.Elapsed, started);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The envelope is put together from the events' stored JSON as it is: the bytes signed are the bytes sent.</summary>
    private static byte[] Body(ClaimedBatch batch) =>
        Encoding.UTF8.GetBytes(batch.IsBuild
            ? batch.Events[0].Payload
            : "{\"events\":[" + string.Join(",", batch.Events.Select(e => e.Payload)) + "]}");

    /// <summary>Reads some of the answer's body and drops it; the status has decided already, so a body cut short does
    /// not change the outcome.</summary>
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[8192];
            var total = 0;
            int n;
            while (total < MaxDrainedBytes && (n = await stream.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The receiver closed the connection after its status line.
        }
    }
}
