using System.Net.Http.Headers;

namespace Wharf.Bench;

/// <summary>
/// A short, untimed pass over the API before the workloads: it warms both the server and the client up, and notes
/// any answer that differs from the distribution-spec (and from what Distribution does), so oddities are reported.
/// </summary>
internal static class SmokeCheck
{
    private const string Repo = "bench/smoke";

    public static async Task RunAsync(BenchTarget t, BenchData data, CancellationToken ct)
    {
        var image = data.SmokeImage;
        await Check(t, "GET /v2/", async () =>
        {
            using var r = await SendAsync(t, HttpMethod.Get, "/v2/", null, ct);
            await RegistryOps.ExpectAsync(r, "GET /v2/", 200, ct);
            Expect(t, "GET /v2/", r, "Docker-Distribution-API-Version", "registry/2.0");
        });
        await Check(t, "push small image", () => image.PushAsync(t, Repo, "v1", ct));
        await Check(t, "HEAD blob", async () =>
        {
            using var r = await SendAsync(t, HttpMethod.Head, $"/v2/{Repo}/blobs/{image.LayerDigest}", null, ct);
            await RegistryOps.ExpectAsync(r, "HEAD blob", 200, ct);
            Expect(t, "HEAD blob", r, "Content-Length", image.Layer.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Expect(t, "HEAD blob", r, "Docker-Content-Digest", image.LayerDigest);
        });
        await Check(t, "GET blob Range", async () =>
        {
            using var r = await SendAsync(t, HttpMethod.Get, $"/v2/{Repo}/blobs/{image.LayerDigest}", m => m.Headers.Range = new RangeHeaderValue(0, 9), ct);
            var body = await r.Content.ReadAsByteArrayAsync(ct);
            if ((int)r.StatusCode != 206 || body.Length != 10)
            {
                t.Notes.Add($"GET blob with Range: bytes=0-9: {(int)r.StatusCode} with {body.Length} bytes (Distribution: 206 with 10)");
            }
        });
        foreach (var reference in new[] { "v1", image.ManifestDigest })
        {
            var what = reference == "v1" ? "GET manifest by tag" : "GET manifest by digest";
            await Check(t, what, async () =>
            {
                using var r = await SendAsync(t, HttpMethod.Get, $"/v2/{Repo}/manifests/{reference}", m => m.Headers.TryAddWithoutValidation("Accept", RegistryOps.ManifestAccept), ct);
                await RegistryOps.ExpectAsync(r, what, 200, ct);
                Expect(t, what, r, "Content-Type", TestImage.ManifestMediaType);
                Expect(t, what, r, "Docker-Content-Digest", image.ManifestDigest);
                if (!(await r.Content.ReadAsByteArrayAsync(ct)).AsSpan().SequenceEqual(image.Manifest))
                {
                    t.Notes.Add($"{what}: body differs from the bytes that were PUT");
                }
            });
        }
        await Check(t, "HEAD manifest", async () =>
        {
            using var r = await SendAsync(t, HttpMethod.Head, $"/v2/{Repo}/manifests/v1", m => m.Headers.TryAddWithoutValidation("Accept", RegistryOps.ManifestAccept), ct);
            await RegistryOps.ExpectAsync(r, "HEAD manifest", 200, ct);
            Expect(t, "HEAD manifest", r, "Content-Length", image.Manifest.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Expect(t, "HEAD manifest", r, "Docker-Content-Digest", image.ManifestDigest);
        });
        await ExpectError(t, HttpMethod.Get, $"/v2/{Repo}/manifests/no-such-tag", 404, "MANIFEST_UNKNOWN", ct);
        await ExpectError(t, HttpMethod.Get, $"/v2/{Repo}/blobs/sha256:{new string('0', 64)}", 404, "BLOB_UNKNOWN", ct);
        await ExpectError(t, HttpMethod.Get, "/v2/bench/no-such-repo/tags/list", 404, "NAME_UNKNOWN", ct);
        await Check(t, "tags list", async () =>
        {
            var (tags, _, more) = await t.WalkAsync($"/v2/{Repo}/tags/list", "tags", 1, false, ct);
            if (tags is not ["v1"] || more)
            {
                t.Notes.Add($"GET tags/list of a repo with tag v1: got [{string.Join(",", tags)}]{(more ? " and a next link" : "")}");
            }
        });
        await Check(t, "catalog", async () =>
        {
            var (repos, _, _) = await t.WalkAsync("/v2/_catalog?n=1000", "repositories", 100, true, ct);
            if (!repos.Contains(Repo))
            {
                t.Notes.Add($"GET /v2/_catalog does not list {Repo}");
            }
        });
        await Check(t, "chunk out of order", async () =>
        {
            var location = await t.StartUploadAsync(Repo, ct);
            using var first = await SendChunkAsync(t, location, 0, 100, ct);
            await RegistryOps.ExpectAsync(first, "PATCH first chunk", 202, ct);
            var next = t.Resolve(RegistryOps.Header(first, "Location") ?? location.AbsoluteUri);
            using var wrong = await SendChunkAsync(t, next, 500, 100, ct);
            if ((int)wrong.StatusCode != 416)
            {
                t.Notes.Add($"PATCH with out-of-order Content-Range 500-599 after 0-99: {(int)wrong.StatusCode} (distribution-spec: 416)");
            }
        });
        await Check(t, "wrong digest", async () =>
        {
            var location = await t.StartUploadAsync(Repo, ct);
            using var content = new ByteArrayContent([1, 2, 3]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var put = new HttpRequestMessage(HttpMethod.Put, RegistryOps.WithDigest(location, $"sha256:{new string('1', 64)}")) { Content = content };
            using var r = await t.Http.SendAsync(put, ct);
            await ExpectErrorCode(t, "PUT upload with a wrong digest", r, 400, "DIGEST_INVALID", ct);
        });
    }

    private static async Task Check(BenchTarget t, string what, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception error) when (error is not OperationCanceledException || !t.IsAlive)
        {
            t.Notes.Add($"smoke check '{what}' failed: {ErrorTally.Describe(error).Message}");
        }
    }

    private static Task ExpectError(BenchTarget t, HttpMethod method, string path, int status, string code, CancellationToken ct) =>
        Check(t, $"{method} {path}", async () =>
        {
            using var r = await SendAsync(t, method, path, null, ct);
            await ExpectErrorCode(t, $"{method} {path}", r, status, code, ct);
        });

    private static async Task ExpectErrorCode(BenchTarget t, string what, HttpResponseMessage r, int status, string code, CancellationToken ct)
    {
        try
        {
            await RegistryOps.ExpectAsync(r, what, 0, ct);
        }
        catch (HttpFailure failure)
        {
            if (failure.Status != status || failure.Code != code)
            {
                t.Notes.Add($"{what}: {failure.Status} {failure.Code}, expected {status} {code}");
            }
        }
    }

    private static void Expect(BenchTarget t, string what, HttpResponseMessage r, string header, string expected)
    {
        var actual = RegistryOps.Header(r, header);
        if (actual != expected)
        {
            t.Notes.Add($"{what}: {header} is '{actual ?? "(none)"}', expected '{expected}'");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(BenchTarget t, HttpMethod method, string path, Action<HttpRequestMessage>? configure, CancellationToken ct)
    {
        using var cts = RegistryOps.Timeout(ct);
        using var request = new HttpRequestMessage(method, t.Url(path));
        configure?.Invoke(request);
        return await t.Http.SendAsync(request, cts.Token);
    }

    private static async Task<HttpResponseMessage> SendChunkAsync(BenchTarget t, Uri location, long start, int count, CancellationToken ct)
    {
        using var cts = RegistryOps.Timeout(ct);
        using var content = new ByteArrayContent(new byte[count]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + count - 1}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        return await t.Http.SendAsync(request, cts.Token);
    }
}
