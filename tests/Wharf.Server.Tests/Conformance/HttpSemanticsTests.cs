using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>HTTP semantics (RFC 9110) that the distribution-spec builds on ("The API operates over HTTP") rather
/// than restates: method-not-allowed answers and HEAD.</summary>
public sealed class HttpSemanticsTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    [Theory]
    [InlineData("POST", "manifests/v1")]
    [InlineData("PATCH", "manifests/v1")]
    [InlineData("PUT", "blobs/{layer}")]
    [InlineData("POST", "tags/list")]
    [InlineData("PUT", "referrers/{manifest}")]
    public async Task A_method_the_endpoint_does_not_support_is_405_unsupported_with_an_allow_header(string method, string endpoint)
    {
        var repository = OciTestClient.NewRepository("http");
        var image = await _client.PushImageAsync(repository, "v1");
        var path = $"/v2/{repository}/{endpoint.Replace("{layer}", image.Layer.Digest, StringComparison.Ordinal).Replace("{manifest}", image.Manifest.Digest, StringComparison.Ordinal)}";

        using var response = await _client.SendAsync(new HttpMethod(method), path, new ByteArrayContent([]));

        await OciAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        // RFC 9110 §15.5.6: "The origin server MUST generate an Allow header field in a 405 response containing a list
        // of the target resource's currently supported methods."
        Assert.True(OciAssert.Header(response, "Allow") is { Length: > 0 }, $"{method} {endpoint}: 405 without an Allow header");
    }

    [Theory]
    [InlineData("tags/list")]
    [InlineData("referrers/{manifest}")]
    [InlineData("_catalog")]
    [InlineData("{upload}")]
    public async Task Head_is_answered_wherever_get_is(string endpoint)
    {
        var repository = OciTestClient.NewRepository("http");
        var image = await _client.PushImageAsync(repository, "v1");
        var path = endpoint switch
        {
            "_catalog" => "/v2/_catalog",
            "{upload}" => await _client.StartUploadAsync(repository),
            _ => $"/v2/{repository}/{endpoint.Replace("{manifest}", image.Manifest.Digest, StringComparison.Ordinal)}",
        };

        using var get = await _client.GetAsync(path);
        using var head = await _client.HeadAsync(path);

        // RFC 9110 §9.1: "All general-purpose servers MUST support the methods GET and HEAD." §9.3.2: "The HEAD method
        // is identical to GET except that the server MUST NOT send content in the response."
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
