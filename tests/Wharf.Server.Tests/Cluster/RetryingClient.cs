using System.Net;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>Our own push client behaving as docker and containerd do when a node dies under them: a request the balancer
/// answers 502, 503 or 504, or whose connection breaks, is sent again after a pause; an interrupted upload is resumed
/// from the offset the registry reports, never re-sent blindly (a PATCH that reached a node may have been appended), and
/// a completion whose answer was lost is asked again (completing is idempotent, decision 009). Every other answer is
/// returned to the caller, who treats it as the registry's word.</summary>
/// <param name="pace">When set, a PATCH body is sent in 128 KiB pieces this far apart, as over a real network: a request
/// the registry is receiving stays in flight long enough for a test to kill the node under it.</param>
internal sealed class RetryingClient(HttpClient http, TimeSpan? pace = null)
{
    private const int Attempts = 8;
    private const int MaxResumes = 5;
    private int _retries;
    private int _resumes;

    public OciPushClient Oci { get; } = new(http);

    /// <summary>Requests sent again after a gateway error or a broken connection.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Uploads continued from the registry's offset after an interrupted PATCH.</summary>
    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>Sends what <paramref name="send"/> makes (a new request each time), again while the answer is a gateway
    /// error or no answer at all; the last attempt's outcome, whatever it is, is the caller's.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await send();
                if (!IsGatewayFailure(response.StatusCode) || attempt == Attempts)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // The connection broke: the node died mid-request, or HAProxy closed on its behalf.
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(100 * attempt, ct);
        }
    }

    /// <summary>Pushes <paramref name="blob"/> to <paramref name="repository"/>: one <c>POST ?digest=</c> when
    /// <paramref name="chunks"/> is 1, else <c>POST</c>, that many <c>PATCH</c>es and a <c>PUT</c> without a body.
    /// Null when the repository has the blob; otherwise what went wrong.</summary>
    public async Task<string?> PushBlobAsync(string repository, byte[] blob, int chunks, CancellationToken ct)
    {
        var digest = OciPushClient.DigestOf(blob);
        if (chunks <= 1)
        {
            using var posted = await SendAsync(() => Oci.PushMonolithicAsync(repository, blob, ct), ct);
            return await ProblemAsync(posted, HttpStatusCode.Created, $"POST /v2/{repository}/blobs/uploads/?digest={digest}");
        }

        using var started = await SendAsync(() => http.PostAsync($"/v2/{repository}/blobs/uploads/", null, ct), ct);
        if (await ProblemAsync(started, HttpStatusCode.Accepted, $"POST /v2/{repository}/blobs/uploads/") is { } refused)
        {
            return refused;
        }

        var location = Oci.Resolve(started.Headers.Location!);
        var chunkSize = (blob.Length + chunks - 1) / chunks;
        long offset = 0;
        for (var resumes = 0; offset < blob.Length;)
        {
            var length = (int)Math.Min(chunkSize, blob.Length - offset);
            HttpStatusCode? status;
            try
            {
                using var patch = await PatchAsync(location, blob.AsMemory((int)offset, length), offset, ct);
                status = patch.StatusCode;
                if (status == HttpStatusCode.Accepted)
                {
                    offset += length;
                    continue;
                }

                if (!IsGatewayFailure(patch.StatusCode) && patch.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    return await ProblemAsync(patch, HttpStatusCode.Accepted, $"PATCH {location} at {offset}");
                }
            }
            catch (HttpRequestException)
            {
                status = null;
            }

            // Whether the chunk was appended is the registry's to say: carry on from the offset it reports.
            if (++resumes > MaxResumes)
            {
                return $"PATCH {location} at {offset} failed {resumes} times (last: {status?.ToString() ?? "no answer"})";
            }

            Interlocked.Increment(ref _resumes);
            using var progress = await SendAsync(() => http.GetAsync(location, ct), ct);
            if (progress.StatusCode != HttpStatusCode.NoContent || !TryReadOffset(progress, out offset))
            {
                return $"GET {location} after an interrupted PATCH answered {(int)progress.StatusCode} {RangeOf(progress)}";
            }
        }

        using var completed = await SendAsync(() => Oci.CompleteAsync(location, digest, null, ct), ct);
        if (completed.StatusCode == HttpStatusCode.NotFound)
        {
            // A completion whose answer was lost and that finished anyway deletes its session: the blob tells.
            using var head = await SendAsync(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"), ct), ct);
            return head.StatusCode == HttpStatusCode.OK ? null : $"PUT {location} answered 404 and the blob is not in {repository}";
        }

        return await ProblemAsync(completed, HttpStatusCode.Created, $"PUT {location}?digest={digest}");
    }

    /// <summary>Null when the manifest was stored; otherwise the answer.</summary>
    public async Task<string?> PutManifestAsync(string repository, string reference, byte[] manifest, CancellationToken ct)
    {
        using var put = await SendAsync(() => Oci.PutManifestAsync(repository, reference, manifest, OciPushClient.OciManifest, ct), ct);
        return await ProblemAsync(put, HttpStatusCode.Created, $"PUT /v2/{repository}/manifests/{reference}");
    }

    private Task<HttpResponseMessage> PatchAsync(Uri location, ReadOnlyMemory<byte> chunk, long start, CancellationToken ct)
    {
        if (pace is not { } delay)
        {
            return Oci.PatchAsync(location, chunk, start, ct);
        }

        var content = new PacedContent(chunk, delay);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + chunk.Length - 1}");
        return http.PatchAsync(location, content, ct);
    }

    public static bool IsGatewayFailure(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Null when <paramref name="response"/> is <paramref name="expected"/>; else a line naming the request, the
    /// status and the body (the error code, the request id).</summary>
    public static async Task<string?> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string request) =>
        response.StatusCode == expected
            ? null
            : $"{request}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";

    private static string? RangeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;

    /// <summary><c>Range: 0-&lt;end&gt;</c> as the number of bytes the registry holds.</summary>
    private static bool TryReadOffset(HttpResponseMessage response, out long offset)
    {
        offset = 0;
        var parts = RangeOf(response)?.Split('-');
        if (parts is not { Length: 2 } || parts[0] != "0" || !long.TryParse(parts[1], out var end))
        {
            return false;
        }

        // "0-0" is an empty upload (or one byte, which these blobs never are).
        offset = end == 0 ? 0 : end + 1;
        return true;
    }
}

/// <summary>A body written in 128 KiB pieces with a pause between them.</summary>
internal sealed class PacedContent(ReadOnlyMemory<byte> bytes, TimeSpan pause) : HttpContent
{
    private const int Piece = 128 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        for (var offset = 0; offset < bytes.Length; offset += Piece)
        {
            if (offset > 0)
            {
                await Task.Delay(pause);
            }

            await stream.WriteAsync(bytes.Slice(offset, Math.Min(Piece, bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
