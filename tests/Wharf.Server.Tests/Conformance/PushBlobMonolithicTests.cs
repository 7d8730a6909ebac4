using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Pushing a blob monolithically": single POST (end-4b) and POST then PUT (end-4a, end-6).</summary>
public sealed class PushBlobMonolithicTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Single_post_with_digest_is_201_with_a_pullable_location()
    {
        var repository = OciTestClient.NewRepository("push");
        var blob = TestImages.Layer();

        using var response = await _client.SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={blob.Digest}", OciTestClient.Octets(blob.Bytes));

        // "Successful completion of the request MUST return a `201 Created` and MUST include the following header: Location: <blob-location>"
        await OciAssert.StatusAsync(response, HttpStatusCode.Created);
        OciAssert.HeaderEqual(response, "Docker-Content-Digest", blob.Digest);
        await AssertPullableAsync(response, blob);
    }

    [Fact]
    public async Task Post_then_put_is_202_with_a_session_location_then_201_with_a_pullable_location()
    {
        var repository = OciTestClient.NewRepository("push");
        var blob = TestImages.Layer();

        using var post = await _client.SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", new ByteArrayContent([]));

        // "Upon success, the response MUST have a code of `202 Accepted`, and MUST include the following header: Location: <location>"
        await OciAssert.StatusAsync(post, HttpStatusCode.Accepted);
        Assert.NotNull(post.Headers.Location);
        var location = OciTestClient.PathOf(post.Headers.Location);
        // "The `<location>` MUST contain a UUID representing a unique session ID for the upload to follow."
        var uuid = OciAssert.Header(post, "Docker-Upload-UUID");
        Assert.NotNull(uuid);
        Assert.True(Guid.TryParse(uuid, out _), $"Docker-Upload-UUID '{uuid}' is not a UUID");
        Assert.Contains(uuid, location, StringComparison.Ordinal);

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), OciTestClient.Octets(blob.Bytes));

        // "Upon successful completion of the request, the response MUST have code `201 Created` and MUST have … Location: <blob-location>"
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "Docker-Content-Digest", blob.Digest);
        await AssertPullableAsync(put, blob);
    }

    [Fact]
    public async Task Each_post_starts_a_distinct_session()
    {
        var repository = OciTestClient.NewRepository("push");

        var first = await _client.StartUploadAsync(repository);
        var second = await _client.StartUploadAsync(repository);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task An_empty_blob_can_be_pushed_and_pulled()
    {
        var repository = OciTestClient.NewRepository("push");
        var empty = new TestBlob([], "application/octet-stream");
        var location = await _client.StartUploadAsync(repository);

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", empty.Digest), OciTestClient.Octets([]));

        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{empty.Digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(0, get.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Pushing_the_same_blob_twice_succeeds_both_times()
    {
        var repository = OciTestClient.NewRepository("push");
        var blob = TestImages.Layer();

        await _client.PushBlobAsync(repository, blob);
        await _client.PushBlobAsync(repository, blob);

        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Single_post_whose_content_does_not_match_the_digest_is_400_digest_invalid_and_stores_nothing()
    {
        var repository = OciTestClient.NewRepository("push");
        var claimed = TestImages.Layer();
        var sent = TestImages.Layer();

        using var response = await _client.SendAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={claimed.Digest}", OciTestClient.Octets(sent.Bytes));

        // "Likewise, the `<digest>` MUST match the blob's digest." end-4b fails with 400; code-4 DIGEST_INVALID:
        // "provided digest did not match uploaded content".
        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await AssertAbsentAsync(repository, claimed.Digest);
        await AssertAbsentAsync(repository, sent.Digest);
    }

    [Fact]
    public async Task Put_whose_content_does_not_match_the_digest_is_400_digest_invalid_and_stores_nothing()
    {
        var repository = OciTestClient.NewRepository("push");
        var claimed = TestImages.Layer();
        var sent = TestImages.Layer();
        var location = await _client.StartUploadAsync(repository);

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", claimed.Digest), OciTestClient.Octets(sent.Bytes));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await AssertAbsentAsync(repository, claimed.Digest);
        await AssertAbsentAsync(repository, sent.Digest);
    }

    [Fact]
    public async Task Put_without_a_digest_is_400_digest_invalid()
    {
        var repository = OciTestClient.NewRepository("push");
        var blob = TestImages.Layer();
        var location = await _client.StartUploadAsync(repository);

        using var put = await _client.SendAsync(HttpMethod.Put, location, OciTestClient.Octets(blob.Bytes));

        // "The closing `PUT` request MUST include the `<digest>` of the whole blob (not the final chunk) as a query parameter."
        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await AssertAbsentAsync(repository, blob.Digest);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha256:ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("sha256")]
    [InlineData("not-a-digest")]
    [InlineData("")]
    public async Task Put_with_a_malformed_digest_is_400_digest_invalid(string digest)
    {
        var repository = OciTestClient.NewRepository("push");
        var location = await _client.StartUploadAsync(repository);

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", digest), OciTestClient.Octets([1, 2, 3]));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("single-post")]
    [InlineData("post-put")]
    public async Task Sha512_blobs_are_accepted_and_served_under_their_sha512_digest(string flow)
    {
        var repository = OciTestClient.NewRepository("push");
        var bytes = TestImages.Layer().Bytes;
        var digest = TestImages.Sha512(bytes);
        var uri = flow == "single-post"
            ? $"/v2/{repository}/blobs/uploads/?digest={digest}"
            : OciTestClient.WithQuery(await _client.StartUploadAsync(repository), "digest", digest);

        using var push = await _client.SendAsync(flow == "single-post" ? HttpMethod.Post : HttpMethod.Put, uri, OciTestClient.Octets(bytes));

        await OciAssert.StatusAsync(push, HttpStatusCode.Created);
        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        OciAssert.HeaderEqual(get, "Docker-Content-Digest", digest);
    }

    [Fact]
    public async Task Sha512_digest_that_does_not_match_is_400_digest_invalid()
    {
        var repository = OciTestClient.NewRepository("push");
        var digest = TestImages.Sha512(TestImages.Layer().Bytes);
        var location = await _client.StartUploadAsync(repository);

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", digest), OciTestClient.Octets(TestImages.Layer().Bytes));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private async Task AssertPullableAsync(HttpResponseMessage created, TestBlob blob)
    {
        Assert.NotNull(created.Headers.Location);
        using var get = await _client.GetAsync(OciTestClient.PathOf(created.Headers.Location));
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    private async Task AssertAbsentAsync(string repository, string digest)
    {
        using var head = await _client.HeadAsync($"/v2/{repository}/blobs/{digest}");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
    }
}
