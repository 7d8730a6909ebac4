using System.Diagnostics.Metrics;
using Wharf.Server.Auth;
using Wharf.Server.Oci;

namespace Wharf.Server.Observability;

/// <summary>The HTTP host's own instruments, on the meter <see cref="MeterName"/> (request counts and latencies come
/// from ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c> meter; the engine's from <c>Wharf.Registry</c>). Static for
/// the reason <see cref="Wharf.Registry.Diagnostics.RegistryMetrics"/> gives. Tag values are fixed words, never a
/// repository, tag, digest or upload id.</summary>
internal static class ServerMetrics
{
    public const string MeterName = "Wharf.Server";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> RequestBody = Meter.CreateCounter<long>(
        "wharf.http.request.body", "By", "Request body bytes read by /v2 endpoints (blob uploads, manifest pushes)");

    private static readonly Counter<long> ResponseBody = Meter.CreateCounter<long>(
        "wharf.http.response.body", "By", "Response body bytes of blobs and manifests served by /v2 endpoints");

    private static readonly UpDownCounter<long> ActiveUploads = Meter.CreateUpDownCounter<long>(
        "wharf.uploads.active", "{request}", "Upload requests (POST, PATCH, PUT of blob uploads) being served by this node now");

    private static readonly Counter<long> TokenRequests = Meter.CreateCounter<long>(
        "wharf.token.requests", "{request}", "Token endpoint answers, by grant type and outcome (issued or the OAuth2 error)");

    private static readonly UpDownCounter<long> RunningBuilds = Meter.CreateUpDownCounter<long>(
        "wharf.builds.running", "{build}", "Builds this process's workers are running now");

    private static readonly Histogram<double> BuildDuration = Meter.CreateHistogram(
        "wharf.build.duration", "s", "How long a worker ran a build, from its claim to its outcome, by outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10, 30, 60, 300, 900, 1800, 3600, 7200] });

    private static readonly Histogram<double> WebhookPostDuration = Meter.CreateHistogram<double>(
        "wharf.webhook.post.duration", "s", "How long a webhook POST took, by outcome (delivered: a 2xx answer; failed: any other answer or none)");

    public static void RequestBodyRead(OciEndpoint endpoint, long bytes)
    {
        if (bytes > 0)
        {
            RequestBody.Add(bytes, new KeyValuePair<string, object?>("endpoint", OciEndpointLabels.Kind(endpoint)));
        }
    }

    public static void ResponseBodyWritten(OciEndpoint endpoint, long bytes)
    {
        if (bytes > 0)
        {
            ResponseBody.Add(bytes, new KeyValuePair<string, object?>("endpoint", OciEndpointLabels.Kind(endpoint)));
        }
    }

    public static void UploadStarted() => ActiveUploads.Add(1);

    public static void UploadEnded() => ActiveUploads.Add(-1);

    public static void BuildStarted() => RunningBuilds.Add(1);

    /// <summary><paramref name="outcome"/>: succeeded, failed, cancelled, released (back to the queue at shutdown) or lost
    /// (the lease ran out).</summary>
    public static void BuildEnded(string outcome, long startTimestamp)
    {
        RunningBuilds.Add(-1);
        BuildDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>One POST of a webhook batch, however many events it carried.</summary>
    public static void WebhookPosted(bool delivered, TimeSpan duration) =>
        WebhookPostDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed"));

    /// <summary><paramref name="grant"/> is null when the request was refused before its grant was known.</summary>
    public static void TokenRequest(TokenGrant? grant, string outcome) =>
        TokenRequests.Add(
            1,
            new KeyValuePair<string, object?>("grant_type", grant switch
            {
                TokenGrant.Anonymous => "anonymous",
                TokenGrant.Password => "password",
                TokenGrant.RefreshToken => "refresh_token",
                _ => "unknown",
            }),
            new KeyValuePair<string, object?>("outcome", outcome));
}
