using System.Net;
using System.Net.Http.Headers;

namespace Wharf.Server.Tests.Conformance;

/// <summary>A thin HTTP client for the conformance suite: raw requests with any headers, plus the few
/// push steps that most tests need as set-up (each asserting the status the spec requires).</summary>
internal sealed class OciTestClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>A fresh two-component repository name, so tests sharing one server never see each other's content.</summary>
    public static string NewRepository(string area) => $"{area}/{Guid.NewGuid().ToString("N")[..12]}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Sends a request; headers that HttpClient files under content (Content-Range, Content-Type)
    /// go there, everything else on the request, all without client-side validation.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string uri, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return http.SendAsync(request, Ct);
    }

    public Task<HttpResponseMessage> GetAsync(string uri, params (string Name, string Value)[] headers) => SendAsync(HttpMethod.Get, uri, null, headers);

    public Task<HttpResponseMessage> HeadAsync(string uri, params (string Name, string Value)[] headers) => SendAsync(HttpMethod.Head, uri, null, headers);

    public Task<HttpResponseMessage> DeleteAsync(string uri) => SendAsync(HttpMethod.Delete, uri);

    public static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>A location from a response as a request URI (relative locations stay relative).</summary>
    public static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>Appends a query parameter to a location that may already carry a query.</summary>
    public static string WithQuery(string location, string name, string value) =>
        $"{location}{(location.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{name}={Uri.EscapeDataString(value)}";

    /// <summary>Monolithic single-POST push (end-4b); asserts 201.</summary>
    public async Task PushBlobAsync(string repository, TestBlob blob)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={blob.Digest}", Octets(blob.Bytes));
        await OciAssert.StatusAsync(response, HttpStatusCode.Created);
    }

    public async Task PushBlobsAsync(string repository, params TestBlob[] blobs)
    {
        foreach (var blob in blobs)
        {
            await PushBlobAsync(repository, blob);
        }
    }

    /// <summary>POST /v2/&lt;name&gt;/blobs/uploads/ with Content-Length 0 (end-4a); asserts 202 and returns the Location.</summary>
    public async Task<string> StartUploadAsync(string repository)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", new ByteArrayContent([]));
        await OciAssert.StatusAsync(response, HttpStatusCode.Accepted);
        Assert.NotNull(response.Headers.Location);
        return PathOf(response.Headers.Location);
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, TestManifest manifest, string? contentType = null) =>
        PutManifestAsync(repository, reference, manifest.Bytes, contentType ?? manifest.MediaType);

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return SendAsync(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}", content);
    }

    /// <summary>PUT a manifest (end-7); asserts 201.</summary>
    public async Task PushManifestAsync(string repository, string reference, TestManifest manifest)
    {
        using var response = await PutManifestAsync(repository, reference, manifest);
        await OciAssert.StatusAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Pushes a config, one layer and a manifest over them; tags it when <paramref name="tag"/> is given.</summary>
    public async Task<PushedImage> PushImageAsync(string repository, string? tag = null, string mediaType = TestImages.OciManifest)
    {
        var docker = mediaType == TestImages.DockerManifest;
        var config = TestImages.Config(docker ? TestImages.DockerConfig : TestImages.OciConfig);
        var layer = TestImages.Layer(mediaType: docker ? TestImages.DockerLayerGzip : TestImages.OciLayerGzip);
        await PushBlobsAsync(repository, config, layer);
        var manifest = TestImages.Image(config, [layer], mediaType);
        await PushManifestAsync(repository, tag ?? manifest.Digest, manifest);
        return new PushedImage(config, layer, manifest);
    }

    /// <summary>Pushes an OCI 1.1 artifact (empty config and layer) by digest, the empty blob first.</summary>
    public async Task<TestManifest> PushArtifactAsync(string repository, string artifactType, TestManifest? subject = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        await PushBlobAsync(repository, TestImages.EmptyJson);
        var artifact = TestImages.Artifact(artifactType, subject, annotations);
        await PushManifestAsync(repository, artifact.Digest, artifact);
        return artifact;
    }
}
