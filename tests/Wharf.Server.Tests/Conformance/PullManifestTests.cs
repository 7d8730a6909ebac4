using System.Net;
using System.Text;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Pulling manifests" and "Checking if content exists" (end-3).</summary>
public sealed class PullManifestTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    [Theory]
    [InlineData(TestImages.OciManifest, "tag")]
    [InlineData(TestImages.OciManifest, "digest")]
    [InlineData(TestImages.DockerManifest, "tag")]
    [InlineData(TestImages.DockerManifest, "digest")]
    public async Task Get_manifest_returns_the_exact_bytes_with_type_digest_and_length(string mediaType, string by)
    {
        var repository = OciTestClient.NewRepository("pull");
        var image = await _client.PushImageAsync(repository, "v1", mediaType);
        var reference = by == "tag" ? "v1" : image.Manifest.Digest;

        using var response = await _client.GetAsync($"/v2/{repository}/manifests/{reference}", ("Accept", mediaType));

        // "A GET request to an existing manifest URL MUST provide the expected manifest, with a response code that MUST be `200 OK`."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(image.Manifest.Bytes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        // "The registry SHOULD NOT include parameters on the `Content-Type` header." and it "SHOULD match what the client pushed".
        OciAssert.HeaderEqual(response, "Content-Type", mediaType);
        OciAssert.HeaderEqual(response, "Docker-Content-Digest", image.Manifest.Digest);
        Assert.Equal(image.Manifest.Size, response.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("digest")]
    public async Task Head_manifest_answers_200_with_digest_and_length_and_no_body(string by)
    {
        var repository = OciTestClient.NewRepository("pull");
        var image = await _client.PushImageAsync(repository, "v1");
        var reference = by == "tag" ? "v1" : image.Manifest.Digest;

        using var response = await _client.HeadAsync($"/v2/{repository}/manifests/{reference}");

        // "A HEAD request to an existing blob or manifest URL MUST return `200 OK`." … digest and size SHOULD be present.
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        OciAssert.HeaderEqual(response, "Docker-Content-Digest", image.Manifest.Digest);
        Assert.Equal(image.Manifest.Size, response.Content.Headers.ContentLength);
        OciAssert.HeaderEqual(response, "Content-Type", TestImages.OciManifest);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(".INVALID_MANIFEST_NAME")] // the conformance suite's own reference (end-3)
    [InlineData("-tag")]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task Pulling_a_reference_that_is_neither_a_tag_nor_a_digest_is_404_manifest_unknown(string reference)
    {
        var repository = OciTestClient.NewRepository("pull");
        await _client.PushImageAsync(repository, "v1");

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/{reference}");
        using var head = await _client.HeadAsync($"/v2/{repository}/manifests/{reference}");

        // The endpoint table allows only 404 for end-3: nothing can be stored under such a reference.
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_etag_names_the_manifest_and_if_none_match_with_it_is_304()
    {
        var repository = OciTestClient.NewRepository("pull");
        var image = await _client.PushImageAsync(repository, "v1");

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        using var head = await _client.HeadAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");

        // The spec relies on registries "that support ETag conditions" for conditional pushes of the referrers tag schema.
        var etag = get.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, head.Headers.ETag);
        using var conditional = await _client.GetAsync($"/v2/{repository}/manifests/v1", ("If-None-Match", etag.ToString()));
        // RFC 9110 §13.1.2: a matching If-None-Match on GET/HEAD answers 304 Not Modified, without content.
        await OciAssert.StatusAsync(conditional, HttpStatusCode.NotModified);
        Assert.Empty(await conditional.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var stale = await _client.GetAsync($"/v2/{repository}/manifests/v1", ("If-None-Match", "\"sha256:stale\""));
        await OciAssert.StatusAsync(stale, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_registry_stores_the_manifest_in_the_exact_byte_representation_provided()
    {
        var repository = OciTestClient.NewRepository("pull");
        var config = TestImages.Config();
        await _client.PushBlobAsync(repository, config);
        // Odd whitespace, key order and a trailing newline: none of it may be normalised away.
        var text = $"{{\n  \"layers\" : [ ],\r\n\t\"config\":{{\"size\":{config.Size},\"digest\":\"{config.Digest}\",\"mediaType\":\"{TestImages.OciConfig}\"}},\n \"mediaType\":\"{TestImages.OciManifest}\",  \"schemaVersion\" : 2 }}\n";
        var manifest = new TestManifest(Encoding.UTF8.GetBytes(text), TestImages.OciManifest);
        await _client.PushManifestAsync(repository, "odd", manifest);

        using var byTag = await _client.GetAsync($"/v2/{repository}/manifests/odd");
        using var byDigest = await _client.GetAsync($"/v2/{repository}/manifests/{manifest.Digest}");

        // "The registry MUST store the manifest in the exact byte representation provided by the client."
        Assert.Equal(manifest.Bytes, await byTag.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(manifest.Bytes, await byDigest.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        OciAssert.HeaderEqual(byTag, "Docker-Content-Digest", manifest.Digest);
    }

    [Theory]
    [InlineData("GET", "tag")]
    [InlineData("GET", "digest")]
    [InlineData("HEAD", "tag")]
    [InlineData("HEAD", "digest")]
    public async Task Unknown_manifest_in_a_known_repository_is_404_manifest_unknown(string method, string by)
    {
        var repository = OciTestClient.NewRepository("pull");
        await _client.PushImageAsync(repository, "v1");
        var reference = by == "tag" ? "nope" : TestImages.Sha256(Guid.NewGuid().ToByteArray());

        using var response = await _client.SendAsync(new HttpMethod(method), $"/v2/{repository}/manifests/{reference}");

        // "If the manifest is not found in the repository, the response code MUST be `404 Not Found`."
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Manifest_in_a_repository_that_does_not_exist_is_404(string method)
    {
        using var response = await _client.SendAsync(new HttpMethod(method), $"/v2/{OciTestClient.NewRepository("nowhere")}/manifests/latest");

        // "An attempt to pull a nonexistent repository MUST return response code `404 Not Found`."
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN", "NAME_UNKNOWN");
    }

    [Fact]
    public async Task A_manifest_is_not_readable_by_digest_from_another_repository()
    {
        var owner = OciTestClient.NewRepository("pull");
        var other = OciTestClient.NewRepository("pull");
        var image = await _client.PushImageAsync(owner, "v1");
        await _client.PushImageAsync(other, "v1");

        using var response = await _client.GetAsync($"/v2/{other}/manifests/{image.Manifest.Digest}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }
}
