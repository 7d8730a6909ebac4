using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>The distribution-spec push and pull requests, spelled out over a plain <see cref="HttpClient"/> so the
/// end-to-end tests control every request (monolithic, chunked, manifests) and see every status code.
/// Methods return the response unchecked; <see cref="ExpectAsync"/> turns a wrong status into a readable failure.</summary>
public sealed class OciPushClient(HttpClient http)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public static readonly string[] ManifestTypes = [OciManifest, OciIndex, DockerManifest, DockerManifestList];

    public HttpClient Http => http;

    public static string DigestOf(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary><c>POST /v2/&lt;name&gt;/blobs/uploads/?digest=</c> with the whole blob.</summary>
    public Task<HttpResponseMessage> PushMonolithicAsync(string repository, byte[] blob, CancellationToken ct) =>
        http.PostAsync($"/v2/{repository}/blobs/uploads/?digest={DigestOf(blob)}", Octets(blob), ct);

    /// <summary><c>POST /v2/&lt;name&gt;/blobs/uploads/</c>: opens a session; returns its location.</summary>
    public async Task<Uri> StartUploadAsync(string repository, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/v2/{repository}/blobs/uploads/", null, ct);
        await ExpectAsync(response, HttpStatusCode.Accepted, $"POST /v2/{repository}/blobs/uploads/");
        return Resolve(response.Headers.Location ?? throw new InvalidOperationException("202 without a Location header"));
    }

    /// <summary><c>PATCH &lt;location&gt;</c> with <c>Content-Range: start-end</c>.</summary>
    public Task<HttpResponseMessage> PatchAsync(Uri location, ReadOnlyMemory<byte> chunk, long start, CancellationToken ct)
    {
        var content = Octets(chunk.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + chunk.Length - 1}");
        return http.PatchAsync(location, content, ct);
    }

    /// <summary><c>PUT &lt;location&gt;?digest=</c>, with an optional last chunk in the body.</summary>
    public Task<HttpResponseMessage> CompleteAsync(Uri location, string digest, ReadOnlyMemory<byte>? lastChunk, CancellationToken ct) =>
        http.PutAsync(WithQuery(location, $"digest={digest}"), lastChunk is { } chunk ? Octets(chunk.ToArray()) : null, ct);

    /// <summary>A whole chunked upload: POST, PATCH in <paramref name="chunks"/> pieces, PUT. Returns the PUT's response.</summary>
    public async Task<HttpResponseMessage> PushChunkedAsync(string repository, byte[] blob, int chunks, bool lastChunkInPut, CancellationToken ct)
    {
        var location = await StartUploadAsync(repository, ct);
        var pieceSize = Math.Max(1, (blob.Length + chunks - 1) / Math.Max(chunks, 1));
        var offset = 0;
        while (offset < blob.Length)
        {
            var length = Math.Min(pieceSize, blob.Length - offset);
            if (lastChunkInPut && offset + length == blob.Length)
            {
                break;
            }

            using var patch = await PatchAsync(location, blob.AsMemory(offset, length), offset, ct);
            await ExpectAsync(patch, HttpStatusCode.Accepted, $"PATCH {location} at {offset}");
            location = Resolve(patch.Headers.Location ?? location);
            offset += length;
        }

        return await CompleteAsync(location, DigestOf(blob), offset < blob.Length ? blob.AsMemory(offset) : null, ct);
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken ct)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return http.PutAsync($"/v2/{repository}/manifests/{reference}", content, ct);
    }

    public Task<HttpResponseMessage> GetManifestAsync(string repository, string reference, CancellationToken ct, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return http.SendAsync(request, ct);
    }

    public Task<HttpResponseMessage> GetBlobAsync(string repository, string digest, CancellationToken ct) =>
        http.GetAsync($"/v2/{repository}/blobs/{digest}", ct);

    /// <summary>GETs a blob and checks that its bytes hash to its digest; returns the bytes.</summary>
    public async Task<byte[]> GetVerifiedBlobAsync(string repository, string digest, CancellationToken ct)
    {
        using var response = await GetBlobAsync(repository, digest, ct);
        await ExpectAsync(response, HttpStatusCode.OK, $"GET /v2/{repository}/blobs/{digest}");
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.True(DigestOf(bytes) == digest, $"GET /v2/{repository}/blobs/{digest} served {bytes.Length} bytes hashing to {DigestOf(bytes)}");
        return bytes;
    }

    public Uri Resolve(Uri location) => location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);

    /// <summary>Fails the test, showing the request and the response body, unless the status is <paramref name="expected"/>.</summary>
    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string request)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{request}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    private static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private Uri WithQuery(Uri location, string query)
    {
        var absolute = Resolve(location);
        var builder = new UriBuilder(absolute) { Query = string.IsNullOrEmpty(absolute.Query) ? query : absolute.Query.TrimStart('?') + "&" + query };
        return builder.Uri;
    }
}
