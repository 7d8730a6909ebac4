using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Pulling blobs" (end-2), HEAD, and range requests: "A registry SHOULD support the
/// `Range` request header in accordance with RFC 9110".</summary>
public sealed class PullBlobTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private const int BlobSize = 100;

    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_blob_returns_the_bytes_with_their_digest_and_length()
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        // "A GET request to an existing blob URL MUST provide the expected blob, with a response code that MUST be `200 OK`."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        // "If present, the value of this header MUST be a digest matching that of the response body."
        OciAssert.HeaderEqual(response, "Docker-Content-Digest", blob.Digest);
        Assert.Equal(blob.Size, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Head_blob_answers_200_with_digest_and_length_and_no_body()
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");

        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        OciAssert.HeaderEqual(response, "Docker-Content-Digest", blob.Digest);
        // "A successful response SHOULD contain the size in bytes of the uploaded blob in the header `Content-Length`."
        Assert.Equal(blob.Size, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task The_etag_names_the_blob_and_if_none_match_with_it_is_304()
    {
        var (repository, blob) = await PushAsync();

        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        var etag = get.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using var conditional = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("If-None-Match", etag.ToString()));
        // RFC 9110 §13.1.2: a matching If-None-Match on GET/HEAD answers 304 Not Modified, without content.
        await OciAssert.StatusAsync(conditional, HttpStatusCode.NotModified);
        Assert.Empty(await conditional.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bytes=0-9", 0, 9)]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=99-99", 99, 99)]
    [InlineData("bytes=90-", 90, 99)] // open-ended
    [InlineData("bytes=0-", 0, 99)]
    [InlineData("bytes=50-1000", 50, 99)] // last-pos beyond the end is clipped (RFC 9110 §14.1.1)
    [InlineData("bytes=-10", 90, 99)] // suffix
    [InlineData("bytes=-1", 99, 99)]
    [InlineData("bytes=-1000", 0, 99)] // suffix longer than the blob: the whole blob
    public async Task Satisfiable_range_is_206_with_content_range_and_exactly_those_bytes(string range, int first, int last)
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        await OciAssert.StatusAsync(response, HttpStatusCode.PartialContent);
        OciAssert.HeaderEqual(response, "Content-Range", $"bytes {first}-{last}/{BlobSize}");
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
        Assert.Equal(blob.Bytes[first..(last + 1)], await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=5000-5001")]
    [InlineData("bytes=-0")]
    public async Task Unsatisfiable_range_is_416_with_the_current_length(string range)
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        // RFC 9110 §15.5.17: 416 "SHOULD generate a Content-Range header field specifying the current length".
        await OciAssert.StatusAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable);
        OciAssert.HeaderEqual(response, "Content-Range", $"bytes */{BlobSize}");
        await OciAssert.ErrorBodyAsync(response);
    }

    [Theory]
    [InlineData("items=0-9")]
    [InlineData("pages=1-2")]
    public async Task Range_in_an_unknown_unit_is_ignored(string range)
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        // RFC 9110 §14.2: "An origin server MUST ignore a Range header field that contains a range unit it does not understand."
        await OciAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes=--1")]
    [InlineData("bytes=")]
    [InlineData("bytes=0-9,20-29")]
    [InlineData("bytes=99999999999999999999999-")]
    public async Task Invalid_or_multiple_ranges_are_served_whole_or_refused_never_a_500(string range)
    {
        var (repository, blob) = await PushAsync();

        using var response = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", range));

        // RFC 9110 §14.2: a server "MAY ignore or reject a Range header field that contains an invalid ranges-specifier"
        // and may serve fewer ranges than asked for.
        await OciAssert.StatusAsync(response, [HttpStatusCode.OK, HttpStatusCode.PartialContent, HttpStatusCode.RequestedRangeNotSatisfiable]);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(blob.Bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Unknown_blob_is_404_blob_unknown(string method)
    {
        var (repository, _) = await PushAsync();
        var absent = TestImages.Sha256(Guid.NewGuid().ToByteArray());

        using var response = await _client.SendAsync(new HttpMethod(method), $"/v2/{repository}/blobs/{absent}");

        // "If the blob is not found in the repository, the response code MUST be `404 Not Found`."
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Blob_in_a_repository_that_does_not_exist_is_404()
    {
        var absent = TestImages.Sha256(Guid.NewGuid().ToByteArray());

        using var response = await _client.GetAsync($"/v2/{OciTestClient.NewRepository("nowhere")}/blobs/{absent}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN", "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task A_blob_pushed_to_one_repository_is_not_readable_from_another(string method)
    {
        var (_, blob) = await PushAsync();
        var other = OciTestClient.NewRepository("pull/other");
        await _client.PushBlobAsync(other, TestImages.Layer());

        using var response = await _client.SendAsync(new HttpMethod(method), $"/v2/{other}/blobs/{blob.Digest}");

        // Repositories are the scope of every API call ("Repository: a scope for API calls on a registry").
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    private async Task<(string Repository, TestBlob Blob)> PushAsync()
    {
        var repository = OciTestClient.NewRepository("pull");
        var blob = TestImages.Layer(BlobSize);
        await _client.PushBlobAsync(repository, blob);
        return (repository, blob);
    }
}
