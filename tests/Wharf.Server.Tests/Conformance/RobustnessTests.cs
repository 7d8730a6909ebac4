using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Wharf.Server.Tests.Conformance;

/// <summary>Malformed requests of every kind never yield a 5xx, every JSON error body keeps the spec's shape,
/// and the image stored before is intact afterwards ("No request gets a 500 for bad input").</summary>
public sealed class RobustnessTests(RobustnessFixture fixture) : IClassFixture<RobustnessFixture>
{
    private const string Target = "robust/target";
    private const string Seed = RobustnessFixture.SeedRepository;
    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(method, path, headers "Name: value" separated by " | ", body: "" none, "bytes:N" random, "text:…" literal).
    /// In paths, {upload} is a fresh upload session in robust/target, {layer}/{manifest} the seed's digests.</summary>
    public static TheoryData<string, string, string, string> MalformedRequests => new()
    {
        // Bad digests in every position.
        { "GET", $"/v2/{Target}/blobs/sha256:zzz", "", "" },
        { "GET", $"/v2/{Target}/blobs/sha256:abc", "", "" },
        { "GET", $"/v2/{Target}/blobs/sha256:", "", "" },
        { "GET", $"/v2/{Target}/blobs/:{Hex64}", "", "" },
        { "GET", $"/v2/{Target}/blobs/md5:d41d8cd98f00b204e9800998ecf8427e", "", "" },
        { "GET", $"/v2/{Target}/blobs/SHA256:{Hex64}", "", "" },
        { "GET", $"/v2/{Target}/blobs/sha256:{Hex64.ToUpperInvariant()}", "", "" },
        { "GET", $"/v2/{Target}/blobs/sha256:{Hex64}{Hex64}", "", "" },
        { "GET", $"/v2/{Target}/blobs/sha512:{Hex64}", "", "" },
        { "HEAD", $"/v2/{Target}/blobs/sha256:zzz", "", "" },
        { "DELETE", $"/v2/{Seed}/blobs/sha256:zzz", "", "" },
        { "DELETE", $"/v2/{Seed}/blobs/{{layer}}0", "", "" },
        { "GET", $"/v2/{Target}/manifests/sha256:zzz", "", "" },
        { "HEAD", $"/v2/{Target}/manifests/sha256:", "", "" },
        { "GET", $"/v2/{Target}/manifests/sha256:{Hex64}:{Hex64}", "", "" },
        { "DELETE", $"/v2/{Seed}/manifests/sha256:zzz", "", "" },
        { "PUT", $"/v2/{Seed}/manifests/sha256:zzz", $"Content-Type: {TestImages.OciManifest}", "text:{}" },
        { "GET", $"/v2/{Seed}/referrers/sha256:zzz", "", "" },
        { "GET", $"/v2/{Seed}/referrers/not-a-digest?artifactType=x", "", "" },
        { "POST", $"/v2/{Target}/blobs/uploads/?digest=sha256:zzz", "", "bytes:10" },
        { "POST", $"/v2/{Target}/blobs/uploads/?digest=", "", "bytes:10" },
        { "POST", $"/v2/{Target}/blobs/uploads/?digest=sha256:{Hex64}&digest=sha256:{Hex64}", "", "bytes:10" },
        { "POST", $"/v2/{Target}/blobs/uploads/?mount=sha256:zzz&from={Seed}", "", "" },
        { "POST", $"/v2/{Target}/blobs/uploads/?mount={{layer}}&from=INVALID//name", "", "" },
        { "POST", $"/v2/{Target}/blobs/uploads/?mount=&from=", "", "" },
        { "POST", $"/v2/{Seed}/blobs/uploads/?mount={{layer}}&from={Seed}", "", "" },
        { "PUT", "{upload}?digest=sha256:zzz", "", "bytes:10" },
        { "PUT", "{upload}?digest=", "", "bytes:10" },
        { "PUT", "{upload}", "", "bytes:10" },
        { "PUT", "{upload}?digest={layer}", "", "bytes:10" },

        // Garbage Content-Range.
        { "PATCH", "{upload}", "Content-Range: garbage", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 5-2", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: -1-8", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 0-", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: -", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: bytes */*", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 0-9/abc", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 0-99", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 1-10", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 99999999999999999999-99999999999999999999", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 0-18446744073709551616", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 0-9223372036854775807", "bytes:10" },
        { "PATCH", "{upload}", "Content-Range: 9223372036854775807-9223372036854775807", "bytes:1" },
        { "PUT", "{upload}?digest={layer}", "Content-Range: x-y", "bytes:10" },
        { "PUT", "{upload}?digest={layer}", "Content-Range: 7-16", "bytes:10" },

        // Unknown and malformed upload ids.
        { "PATCH", $"/v2/{Target}/blobs/uploads/00000000000000000000000000000000", "", "bytes:10" },
        { "PATCH", $"/v2/{Target}/blobs/uploads/not-an-id", "", "bytes:10" },
        { "GET", $"/v2/{Target}/blobs/uploads/..%2F..%2F..%2Fetc%2Fpasswd", "", "" },
        { "PUT", $"/v2/{Target}/blobs/uploads/%2e%2e?digest={{layer}}", "", "bytes:10" },
        { "DELETE", $"/v2/{Target}/blobs/uploads/ZZZZ", "", "" },
        { "GET", $"/v2/{Target}/blobs/uploads/{Guid.Empty.ToString("N").ToUpperInvariant()}", "", "" },
        { "GET", $"/v2/{Target}/blobs/uploads/{new string('a', 5000)}", "", "" },

        // Wrong methods.
        { "POST", $"/v2/{Seed}/manifests/v1", "", "text:{}" },
        { "PATCH", $"/v2/{Seed}/manifests/v1", "", "text:{}" },
        { "PATCH", "/v2/", "", "" },
        { "POST", "/v2/", "", "" },
        { "DELETE", "/v2/", "", "" },
        { "PUT", "/v2/_catalog", "", "" },
        { "DELETE", "/v2/_catalog", "", "" },
        { "DELETE", $"/v2/{Seed}/tags/list", "", "" },
        { "POST", $"/v2/{Seed}/referrers/{{manifest}}", "", "" },
        { "DELETE", $"/v2/{Seed}/referrers/{{manifest}}", "", "" },
        { "PUT", $"/v2/{Seed}/blobs/{{layer}}", "", "bytes:10" },
        { "PATCH", $"/v2/{Seed}/blobs/{{layer}}", "", "bytes:10" },
        { "POST", $"/v2/{Seed}/blobs/{{layer}}", "", "bytes:10" },
        { "GET", $"/v2/{Target}/blobs/uploads/", "", "" },
        { "DELETE", $"/v2/{Target}/blobs/uploads/", "", "" },
        { "PUT", $"/v2/{Target}/blobs/uploads/", "", "bytes:10" },
        { "OPTIONS", "/v2/", "", "" },
        { "BREW", "/v2/", "", "" },
        { "BREW", $"/v2/{Seed}/manifests/v1", "", "" },

        // Paths that are no endpoint.
        { "GET", "/v2/robust", "", "" },
        { "GET", $"/v2/{Target}", "", "" },
        { "GET", $"/v2/{Target}/", "", "" },
        { "GET", $"/v2/{Target}/foo/bar", "", "" },
        { "GET", $"/v2/{Target}/manifests/", "", "" },
        { "PUT", $"/v2/{Target}/manifests/", "", "text:{}" },
        { "GET", $"/v2/{Target}/blobs/", "", "" },
        { "GET", $"/v2/{Target}/tags", "", "" },
        { "GET", $"/v2/{Target}/referrers/", "", "" },
        { "GET", "/v2//manifests/latest", "", "" },
        { "GET", "/v2///", "", "" },
        { "GET", $"/v2/{Target}/manifests/a/b", "", "" },
        { "GET", "/v2/_catalog/extra", "", "" },
        { "GET", "/v2/_catalog/tags/list", "", "" },
        { "GET", "/v3/", "", "" },
        { "GET", "/v2/%00/manifests/x", "", "" },
        { "GET", "/v2/r%C3%A9po/manifests/x", "", "" },
        { "GET", $"/v2/{Target}/manifests/%F0%9F%90%B3", "", "" },
        { "GET", $"/v2/{Target}/manifests/%2e%2e%2f%2e%2e", "", "" },
        { "GET", $"/v2/{Seed}%2Fmanifests%2Fv1", "", "" },

        // Huge headers, URLs and parameters.
        { "GET", "/v2/", $"X-Huge: {new string('h', 100_000)}", "" },
        { "GET", $"/v2/{Seed}/manifests/v1", $"Accept: {string.Join(", ", Enumerable.Repeat(TestImages.OciManifest, 2_000))}", "" },
        { "GET", $"/v2/{Seed}/manifests/{new string('t', 20_000)}", "", "" },
        { "GET", $"/v2/{Seed}/tags/list?last={new string('l', 20_000)}", "", "" },
        { "GET", $"/v2/{Seed}/referrers/{{manifest}}?artifactType={new string('a', 6_000)}", "", "" },
        { "GET", $"/v2/{string.Join('/', Enumerable.Repeat("deep", 1_000))}/tags/list", "", "" },

        // Non-JSON and mismatched content types on a manifest push.
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: text/plain", "text:hello" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: application/json", "text:{}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: multipart/form-data; boundary=x", "text:--x--" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: application/octet-stream", "bytes:64" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: garbage;;;", "text:{\"schemaVersion\":2}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "", "text:{\"schemaVersion\":2}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", "Content-Type: application/vnd.docker.distribution.manifest.v1+prettyjws", "text:{\"schemaVersion\":1}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", $"Content-Type: {TestImages.OciIndex}", "text:{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", $"Content-Type: {TestImages.OciManifest}", "text:{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:" + Hex64 + "\",\"size\":1e400},\"layers\":[]}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", $"Content-Type: {TestImages.OciManifest}", "text:{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:" + Hex64 + "\",\"size\":9223372036854775808},\"layers\":[]}" },
        { "PUT", $"/v2/{Seed}/manifests/v1", $"Content-Type: {TestImages.OciManifest}", "text:{\"schemaVersion\":2,\"subject\":{\"mediaType\":\"x\",\"digest\":\"bad\",\"size\":1},\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:" + Hex64 + "\",\"size\":1}}" },
        { "PATCH", "{upload}", "Content-Type: application/json", "text:{\"not\":\"a blob\"}" },

        // Odd query parameters and request headers.
        { "GET", $"/v2/{Seed}/tags/list?n=99999999999999999999", "", "" },
        { "GET", $"/v2/{Seed}/tags/list?n=-0", "", "" },
        { "GET", $"/v2/{Seed}/tags/list?n=%00", "", "" },
        { "GET", $"/v2/{Seed}/tags/list?n=1&n=2", "", "" },
        { "GET", $"/v2/{Seed}/tags/list?last=%FF%FE", "", "" },
        { "GET", "/v2/_catalog?n=2147483648", "", "" },
        { "GET", "/v2/_catalog?last=%00", "", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=99999999999999999999-", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=-99999999999999999999", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=0-0,-1", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=1-0", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=0-9 | Range: bytes=10-19", "" },
        { "HEAD", $"/v2/{Seed}/blobs/{{layer}}", "Range: bytes=5-", "" },
        { "GET", $"/v2/{Seed}/blobs/{{layer}}", "If-None-Match: garbage", "" },
        { "GET", $"/v2/{Seed}/manifests/v1", "If-None-Match: *", "" },
        { "GET", $"/v2/{Seed}/manifests/v1", "Accept: */*;q=garbage", "" },
        { "GET", $"/v2/{Seed}/manifests/v1", "Accept: application/x-nothing-we-have", "" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task A_malformed_request_never_gets_a_5xx_and_stored_data_stays_intact(string method, string path, string headers, string body)
    {
        var uri = await ExpandAsync(path);
        var content = body switch
        {
            "" => null,
            _ when body.StartsWith("bytes:", StringComparison.Ordinal) => new ByteArrayContent(RandomNumberGenerator.GetBytes(int.Parse(body[6..], System.Globalization.CultureInfo.InvariantCulture))),
            _ => new ByteArrayContent(Encoding.UTF8.GetBytes(body[5..])),
        };
        var headerList = headers.Length == 0
            ? []
            : headers.Split(" | ").Select(h => h.Split(": ", 2)).Select(h => (h[0], h[1])).ToArray();

        using var response = await _client.SendAsync(new HttpMethod(method), uri, content, headerList);
        var text = await response.Content.ReadAsStringAsync(Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{method} {Shorten(uri)} -> {(int)response.StatusCode} {Shorten(text)}");

        Assert.True((int)response.StatusCode < 500, $"{method} {Shorten(path)}: {(int)response.StatusCode} {Shorten(text)}");
        if ((int)response.StatusCode >= 400)
        {
            await OciAssert.ErrorBodyAsync(response);
        }

        await AssertSeedIntactAsync();
    }

    [Fact]
    public async Task A_monolithic_upload_whose_body_is_cut_short_stores_nothing()
    {
        var blob = TestImages.Layer(1000);
        var head = $"POST /v2/{Target}/blobs/uploads/?digest={blob.Digest} HTTP/1.1\r\nHost: {fixture.Server.HostPort}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000";

        var status = await RawHttp.SendAsync(fixture.Server.BaseAddress, head, blob.Bytes[..400]);

        Assert.True(status is null or < 500, $"status {status}");
        using var get = await _client.HeadAsync($"/v2/{Target}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.NotFound);
        await AssertSeedIntactAsync();
    }

    [Fact]
    public async Task A_patch_cut_short_leaves_a_session_that_resumes_from_its_reported_offset()
    {
        var blob = TestImages.Layer(1000);
        var location = await _client.StartUploadAsync(Target);
        // A first whole chunk, so the reported range is never the ambiguous "0-0" of an empty session
        // (distribution-spec issues #577/#578: "0-0" is one byte, and an empty upload has no <end-of-range>).
        using (var first = await _client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(blob.Bytes[..400]), ("Content-Range", "0-399")))
        {
            await OciAssert.StatusAsync(first, HttpStatusCode.Accepted);
            location = OciTestClient.PathOf(first.Headers.Location!);
        }

        var head = $"PATCH {location} HTTP/1.1\r\nHost: {fixture.Server.HostPort}\r\nContent-Type: application/octet-stream\r\nContent-Range: 400-999\r\nContent-Length: 600";
        var status = await RawHttp.SendAsync(fixture.Server.BaseAddress, head, blob.Bytes[400..500]);

        Assert.True(status is null or < 500, $"status {status}");
        // "To get the current status after a 416 error, issue a `GET` request to a URL `<location>`."
        using var progress = await _client.GetAsync(location);
        await OciAssert.StatusAsync(progress, HttpStatusCode.NoContent);
        var range = OciAssert.Header(progress, "Range");
        Assert.NotNull(range);
        Assert.StartsWith("0-", range, StringComparison.Ordinal);
        var received = int.Parse(range[2..], System.Globalization.CultureInfo.InvariantCulture) + 1;
        Assert.InRange(received, 400, 500);
        using var rest = await _client.SendAsync(new HttpMethod("PATCH"), OciTestClient.PathOf(progress.Headers.Location!), OciTestClient.Octets(blob.Bytes[received..]), ("Content-Range", $"{received}-999"));
        await OciAssert.StatusAsync(rest, HttpStatusCode.Accepted);
        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(OciTestClient.PathOf(rest.Headers.Location!), "digest", blob.Digest), new ByteArrayContent([]));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertSeedIntactAsync();
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked", "ZZZ\r\nnot hex\r\n")]
    [InlineData("Transfer-Encoding: chunked", "5\r\nabc")]
    [InlineData("Content-Length: 10\r\nContent-Length: 20", "0123456789")]
    [InlineData("Content-Length: -5", "")]
    [InlineData("Content-Length: 10\r\nTransfer-Encoding: chunked", "0\r\n\r\n")]
    public async Task Broken_message_framing_is_refused_without_a_5xx(string framing, string body)
    {
        var location = await _client.StartUploadAsync(Target);
        var head = $"PATCH {location} HTTP/1.1\r\nHost: {fixture.Server.HostPort}\r\nContent-Type: application/octet-stream\r\n{framing}";

        var status = await RawHttp.SendAsync(fixture.Server.BaseAddress, head, Encoding.ASCII.GetBytes(body));

        Assert.True(status is null or < 500, $"status {status}");
        await AssertSeedIntactAsync();
    }

    [Theory]
    [InlineData("PATCH", "{upload}")]
    [InlineData("POST", $"/v2/{Target}/blobs/uploads/?digest=sha256:{Hex64}")]
    [InlineData("PUT", $"/v2/{Target}/manifests/v1")]
    public async Task A_chunk_size_that_overflows_64_bits_is_400(string method, string path)
    {
        // Kestrel reports this one as a plain IOException ("Bad chunk size data"), not as a bad request.
        var head = $"{method} {await ExpandAsync(path)} HTTP/1.1\r\nHost: {fixture.Server.HostPort}\r\n"
            + $"Content-Type: application/vnd.oci.image.manifest.v1+json\r\nTransfer-Encoding: chunked";

        var status = await RawHttp.SendAsync(fixture.Server.BaseAddress, head, Encoding.ASCII.GetBytes("ffffffffffffffffff\r\nabc\r\n0\r\n\r\n"), halfClose: false);

        Assert.Equal(400, status);
        await AssertSeedIntactAsync();
    }

    private async Task<string> ExpandAsync(string path)
    {
        var seed = fixture.Seed;
        path = path.Replace("{layer}", seed.Layer.Digest, StringComparison.Ordinal).Replace("{manifest}", seed.Manifest.Digest, StringComparison.Ordinal);
        return path.Contains("{upload}", StringComparison.Ordinal)
            ? path.Replace("{upload}", (await _client.StartUploadAsync(Target)).Split('?')[0], StringComparison.Ordinal)
            : path;
    }

    private async Task AssertSeedIntactAsync()
    {
        var seed = fixture.Seed;
        using var manifest = await _client.GetAsync($"/v2/{Seed}/manifests/v1");
        await OciAssert.StatusAsync(manifest, HttpStatusCode.OK);
        Assert.Equal(seed.Manifest.Bytes, await manifest.Content.ReadAsByteArrayAsync(Ct));
        foreach (var blob in new[] { seed.Config, seed.Layer })
        {
            using var get = await _client.GetAsync($"/v2/{Seed}/blobs/{blob.Digest}");
            await OciAssert.StatusAsync(get, HttpStatusCode.OK);
            Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        }

        var tags = await _client.Http.GetFromJsonAsync<TagListBody>($"/v2/{Seed}/tags/list", Ct);
        Assert.Equal(["v1"], tags!.Tags ?? []);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
