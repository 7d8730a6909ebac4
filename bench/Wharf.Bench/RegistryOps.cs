using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Wharf.Bench;

/// <summary>
/// The OCI distribution-spec requests the workloads make. Each throws <see cref="HttpFailure"/> on an unexpected
/// status and records protocol oddities (missing headers, wrong values) in the target's notes without failing.
/// </summary>
internal static class RegistryOps
{
    public const string ManifestAccept =
        "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, " +
        "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

    public static readonly TimeSpan SmallTimeout = TimeSpan.FromSeconds(60);

    public static async Task<Uri> StartUploadAsync(this BenchTarget t, string repo, CancellationToken ct)
    {
        using var cts = Timeout(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, t.Url($"/v2/{repo}/blobs/uploads/"));
        using var response = await t.Http.SendAsync(request, cts.Token);
        await ExpectAsync(response, "POST blob upload", 202, cts.Token);
        if (Header(response, "Docker-Upload-UUID") is null)
        {
            t.Notes.Add("POST blob upload: 202 without Docker-Upload-UUID header");
        }
        return t.Resolve(Header(response, "Location")
            ?? throw new HttpFailure("POST blob upload", 202, "no Location header", ""));
    }

    /// <summary>POST then PUT ?digest= with the whole body.</summary>
    public static async Task UploadBytesAsync(this BenchTarget t, string repo, byte[] bytes, string digest, CancellationToken ct)
    {
        var location = await t.StartUploadAsync(repo, ct);
        using var cts = Timeout(ct);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = content };
        using var response = await t.Http.SendAsync(request, cts.Token);
        await ExpectCreatedBlobAsync(t, response, digest, cts.Token);
    }

    /// <summary>POST then one PUT ?digest= streaming the whole pattern blob; no per-request timeout beyond <paramref name="ct"/>.</summary>
    public static async Task UploadMonolithicAsync(this BenchTarget t, string repo, PatternSource source, CancellationToken ct)
    {
        var location = await t.StartUploadAsync(repo, ct);
        using var content = new PatternContent(source, 0, source.Length);
        using var request = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, source.Digest)) { Content = content };
        using var response = await t.Http.SendAsync(request, ct);
        await ExpectCreatedBlobAsync(t, response, source.Digest, ct);
    }

    /// <summary>POST, PATCH each chunk with Content-Range "start-end", then PUT ?digest= with an empty body.</summary>
    public static async Task UploadChunkedAsync(this BenchTarget t, string repo, PatternSource source, long chunkBytes, CancellationToken ct)
    {
        var location = await t.StartUploadAsync(repo, ct);
        for (long start = 0; start < source.Length; start += chunkBytes)
        {
            var count = Math.Min(chunkBytes, source.Length - start);
            using var content = new PatternContent(source, start, count);
            content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + count - 1}");
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
            using var response = await t.Http.SendAsync(request, ct);
            await ExpectAsync(response, "PATCH blob chunk", 202, ct);
            var range = Header(response, "Range");
            if (range != $"0-{start + count - 1}")
            {
                t.Notes.Add($"PATCH blob chunk: Range header is '{range ?? "(none)"}', expected '0-<last byte>'");
            }
            location = t.Resolve(Header(response, "Location")
                ?? throw new HttpFailure("PATCH blob chunk", 202, "no Location header", ""));
        }
        using var close = new ByteArrayContent([]);
        close.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, source.Digest)) { Content = close };
        using var done = await t.Http.SendAsync(put, ct);
        await ExpectCreatedBlobAsync(t, done, source.Digest, ct);
    }

    /// <summary>Cross-repository mount; falls back to an upload when the registry answers 202 instead of 201.</summary>
    public static async Task MountOrUploadAsync(this BenchTarget t, string repo, string from, byte[] bytes, string digest, CancellationToken ct)
    {
        using var cts = Timeout(ct);
        var url = t.Url($"/v2/{repo}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        using var response = await t.Http.SendAsync(request, cts.Token);
        if ((int)response.StatusCode == 201)
        {
            return;
        }
        await ExpectAsync(response, "POST blob mount", 202, cts.Token);
        t.Notes.Add("POST blob mount: answered 202 (upload session) instead of 201 for a blob that exists in 'from'");
        var location = t.Resolve(Header(response, "Location") ?? throw new HttpFailure("POST blob mount", 202, "no Location header", ""));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = content };
        using var done = await t.Http.SendAsync(put, cts.Token);
        await ExpectCreatedBlobAsync(t, done, digest, cts.Token);
    }

    public static async Task PutManifestAsync(this BenchTarget t, string repo, string reference, TestImage image, CancellationToken ct)
    {
        using var cts = Timeout(ct);
        using var content = new ByteArrayContent(image.Manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(TestImage.ManifestMediaType);
        using var request = new HttpRequestMessage(HttpMethod.Put, t.Url($"/v2/{repo}/manifests/{reference}")) { Content = content };
        using var response = await t.Http.SendAsync(request, cts.Token);
        await ExpectAsync(response, "PUT manifest", 201, cts.Token);
        var digest = Header(response, "Docker-Content-Digest");
        if (digest != image.ManifestDigest)
        {
            t.Notes.Add($"PUT manifest: Docker-Content-Digest is '{digest ?? "(none)"}', expected the manifest's digest");
        }
        if (Header(response, "Location") is null)
        {
            t.Notes.Add("PUT manifest: 201 without Location header");
        }
    }

    /// <summary>GET a manifest with the usual Accept list; returns the body length.</summary>
    public static async Task<int> GetManifestAsync(this BenchTarget t, string repo, string reference, CancellationToken ct)
    {
        using var cts = Timeout(ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, t.Url($"/v2/{repo}/manifests/{reference}"));
        request.Headers.TryAddWithoutValidation("Accept", ManifestAccept);
        using var response = await t.Http.SendAsync(request, cts.Token);
        await ExpectAsync(response, "GET manifest", 200, cts.Token);
        var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
        return body.Length;
    }

    /// <summary>GET a blob and read it to the end (hashing it when <paramref name="hash"/> is given); returns bytes read.</summary>
    public static async Task<long> PullBlobAsync(this BenchTarget t, string repo, string digest, IncrementalHash? hash, CancellationToken ct)
    {
        var url = t.Url($"/v2/{repo}/blobs/{digest}");
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await t.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && hop == 0 && Header(response, "Location") is string redirect)
            {
                t.Notes.Add($"GET blob: redirected ({status})");
                url = t.Resolve(redirect);
                continue;
            }
            await ExpectAsync(response, "GET blob", 200, ct);
            if (Header(response, "Docker-Content-Digest") is string served && served != digest)
            {
                t.Notes.Add("GET blob: Docker-Content-Digest differs from the requested digest");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 20];
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer, ct)) > 0)
            {
                hash?.AppendData(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }

    /// <summary>
    /// Walks a paginated list (tags or catalog) following rel="next" Link headers, or only reads the first page when
    /// <paramref name="followLinks"/> is false; <c>More</c> says whether the last page read had a next link.
    /// </summary>
    public static async Task<(List<string> Items, int Pages, bool More)> WalkAsync(
        this BenchTarget t, string first, string property, int maxPages, bool followLinks, CancellationToken ct)
    {
        var items = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = first;
        var pages = 0;
        while (next is not null)
        {
            if (++pages > maxPages || !seen.Add(next))
            {
                throw new HttpFailure($"GET {first}", 0, "pagination loop", $"page {pages} links to {next}");
            }
            // No per-request bound here: one page of Distribution's catalog on S3 walks every repository's directories
            // and takes minutes; the workload's time limit bounds the walk.
            using var request = new HttpRequestMessage(HttpMethod.Get, t.Resolve(next));
            using var response = await t.Http.SendAsync(request, ct);
            await ExpectAsync(response, $"GET {first}", 200, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            if (json.RootElement.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(array.EnumerateArray().Select(e => e.GetString() ?? ""));
                if (pages > 1 && array.GetArrayLength() == 0)
                {
                    t.Notes.Add($"GET {first.Split('?')[0]}: a full last page carried a rel=\"next\" Link to an empty page (one extra request per walk)");
                }
            }
            else if (!json.RootElement.TryGetProperty(property, out var nullArray) || nullArray.ValueKind != JsonValueKind.Null)
            {
                throw new HttpFailure($"GET {first}", 200, "bad body", $"no '{property}' array");
            }
            next = NextLink(Header(response, "Link"));
            if (!followLinks)
            {
                return (items, pages, next is not null);
            }
        }
        return (items, pages, false);
    }

    public static string? NextLink(string? link)
    {
        if (link is null || !link.Contains("rel=\"next\"", StringComparison.Ordinal))
        {
            return null;
        }
        var open = link.IndexOf('<', StringComparison.Ordinal);
        var close = link.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? link[(open + 1)..close] : null;
    }

    public static Uri WithDigest(Uri location, string digest) =>
        new(location.AbsoluteUri + (string.IsNullOrEmpty(location.Query) ? "?" : "&") + "digest=" + Uri.EscapeDataString(digest));

    /// <summary>A response header as sent (content headers included), or null.</summary>
    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ||
        response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;

    public static async Task ExpectAsync(HttpResponseMessage response, string operation, int expected, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status == expected)
        {
            return;
        }
        var (code, detail) = await DescribeErrorBodyAsync(response, ct);
        throw new HttpFailure(operation, status, code, detail);
    }

    public static CancellationTokenSource Timeout(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(SmallTimeout);
        return cts;
    }

    private static async Task ExpectCreatedBlobAsync(BenchTarget t, HttpResponseMessage response, string digest, CancellationToken ct)
    {
        await ExpectAsync(response, "PUT blob upload", 201, ct);
        var served = Header(response, "Docker-Content-Digest");
        if (served != digest)
        {
            t.Notes.Add($"PUT blob upload: Docker-Content-Digest is '{served ?? "(none)"}', expected the blob's digest");
        }
        if (Header(response, "Location") is null)
        {
            t.Notes.Add("PUT blob upload: 201 without Location header");
        }
    }

    /// <summary>The OCI error code of an error body ("MANIFEST_UNKNOWN"), or the start of the body.</summary>
    private static async Task<(string Code, string Detail)> DescribeErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            return ("(body unreadable)", error.Message);
        }
        var snippet = body.Length > 200 ? body[..200] + "…" : body;
        snippet = snippet.ReplaceLineEndings(" ").Trim();
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array &&
                errors.GetArrayLength() > 0 && errors[0].TryGetProperty("code", out var code))
            {
                var message = errors[0].TryGetProperty("message", out var m) ? m.ToString() : "";
                return (code.ToString(), message);
            }
        }
        catch (JsonException)
        {
        }
        return (snippet.Length == 0 ? "(empty body)" : "(no OCI error body)", snippet);
    }
}
