using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Pushing a blob in chunks" (end-5, end-6, end-13), streamed PATCH, and the upload
/// session's life cycle (status, cancel, completion).</summary>
public sealed class PushBlobChunkedTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chunks_with_content_range_are_202_with_location_and_range_then_put_is_201()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(90);
        var location = await _client.StartUploadAsync(repository);

        for (var start = 0; start < 90; start += 30)
        {
            using var patch = await PatchAsync(location, blob.Bytes[start..(start + 30)], $"{start}-{start + 29}");

            // "Each successful chunk upload MUST have a `202 Accepted` response code, and MUST have the following headers:
            // Location: <location> / Range: 0-<end-of-range>"
            await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
            OciAssert.HeaderEqual(patch, "Range", $"0-{start + 29}");
            Assert.NotNull(patch.Headers.Location);
            // "Each consecutive chunk upload SHOULD use the `<location>` provided in the response to the previous chunk upload."
            location = OciTestClient.PathOf(patch.Headers.Location);
        }

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), new ByteArrayContent([]));

        // "The response to a successful closing of the session MUST be `201 Created`, and MUST contain … Location: <blob-location>"
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertBlobAsync(put, blob);
    }

    [Fact]
    public async Task The_final_chunk_may_be_sent_in_the_closing_put()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(50);
        var location = await _client.StartUploadAsync(repository);
        using var patch = await PatchAsync(location, blob.Bytes[..20], "0-19");
        await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);

        using var put = await _client.SendAsync(
            HttpMethod.Put,
            OciTestClient.WithQuery(OciTestClient.PathOf(patch.Headers.Location!), "digest", blob.Digest),
            OciTestClient.Octets(blob.Bytes[20..]),
            ("Content-Range", "20-49"));

        // "The final chunk MAY be uploaded using a `PATCH` request or it MAY be uploaded in the closing `PUT` request."
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertBlobAsync(put, blob);
    }

    [Fact]
    public async Task A_first_chunk_that_does_not_begin_at_zero_is_416()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var location = await _client.StartUploadAsync(repository);

        using var patch = await PatchAsync(location, new byte[10], "10-19");

        // "The first chunk's range MUST begin with `0`." / "If a chunk is uploaded out of order, the registry MUST respond
        // with a `416 Requested Range Not Satisfiable` code."
        await OciAssert.StatusAsync(patch, HttpStatusCode.RequestedRangeNotSatisfiable);
        await OciAssert.ErrorBodyAsync(patch);
    }

    [Theory]
    [InlineData("30-39")] // a gap after the first chunk
    [InlineData("0-9")] // the first chunk again
    [InlineData("5-14")] // overlapping
    [InlineData("11-20")] // one byte late
    public async Task An_out_of_order_chunk_is_416_and_the_upload_can_resume_from_the_reported_offset(string badRange)
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(20);
        var location = await _client.StartUploadAsync(repository);
        using (var first = await PatchAsync(location, blob.Bytes[..10], "0-9"))
        {
            await OciAssert.StatusAsync(first, HttpStatusCode.Accepted);
            location = OciTestClient.PathOf(first.Headers.Location!);
        }

        using var bad = await PatchAsync(location, new byte[10], badRange);

        // "Chunks MUST be uploaded in order, with the first byte of a chunk being the last chunk's `<end-of-range>` plus one.
        // If a chunk is uploaded out of order, the registry MUST respond with a `416 Requested Range Not Satisfiable` code."
        await OciAssert.StatusAsync(bad, HttpStatusCode.RequestedRangeNotSatisfiable);

        // "To get the current status after a 416 error, issue a `GET` request to a URL `<location>`."
        using var status = await _client.GetAsync(location);
        await OciAssert.StatusAsync(status, HttpStatusCode.NoContent);
        OciAssert.HeaderEqual(status, "Range", "0-9");
        using var second = await PatchAsync(OciTestClient.PathOf(status.Headers.Location!), blob.Bytes[10..], "10-19");
        await OciAssert.StatusAsync(second, HttpStatusCode.Accepted);
        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(OciTestClient.PathOf(second.Headers.Location!), "digest", blob.Digest), new ByteArrayContent([]));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertBlobAsync(put, blob);
    }

    [Fact]
    public async Task A_closing_put_whose_chunk_does_not_continue_the_upload_is_416()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(20);
        var location = await _client.StartUploadAsync(repository);
        using var patch = await PatchAsync(location, blob.Bytes[..10], "0-9");

        using var put = await _client.SendAsync(
            HttpMethod.Put,
            OciTestClient.WithQuery(OciTestClient.PathOf(patch.Headers.Location!), "digest", blob.Digest),
            OciTestClient.Octets(blob.Bytes[10..]),
            ("Content-Range", "12-21"));

        await OciAssert.StatusAsync(put, HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task Streamed_patch_without_content_range_is_202_and_put_without_body_completes_it()
    {
        var repository = OciTestClient.NewRepository("streamed");
        var blob = TestImages.Layer(1000);
        var location = await _client.StartUploadAsync(repository);

        using var patch = await _client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(blob.Bytes));

        await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
        OciAssert.HeaderEqual(patch, "Range", "0-999");
        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(OciTestClient.PathOf(patch.Headers.Location!), "digest", blob.Digest), new ByteArrayContent([]));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertBlobAsync(put, blob);
    }

    [Fact]
    public async Task Several_streamed_patches_append_in_order()
    {
        var repository = OciTestClient.NewRepository("streamed");
        var blob = TestImages.Layer(300);
        var location = await _client.StartUploadAsync(repository);

        for (var start = 0; start < 300; start += 100)
        {
            using var patch = await _client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(blob.Bytes[start..(start + 100)]));
            await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
            OciAssert.HeaderEqual(patch, "Range", $"0-{start + 99}");
            location = OciTestClient.PathOf(patch.Headers.Location!);
        }

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), new ByteArrayContent([]));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        await AssertBlobAsync(put, blob);
    }

    [Fact]
    public async Task Get_upload_location_is_204_with_location_and_the_range_received_so_far()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var location = await _client.StartUploadAsync(repository);
        using (var patch = await PatchAsync(location, new byte[42], "0-41"))
        {
            await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
        }

        using var status = await _client.GetAsync(location);

        // "The response to an active upload `<location>` MUST be a `204 No Content` response code, and MUST have the
        // following headers: Location: <location> / Range: 0-<end-of-range>"
        await OciAssert.StatusAsync(status, HttpStatusCode.NoContent);
        OciAssert.HeaderEqual(status, "Range", "0-41");
        Assert.NotNull(status.Headers.Location);
        var uuid = OciAssert.Header(status, "Docker-Upload-UUID");
        Assert.NotNull(uuid);
        Assert.Contains(uuid, OciTestClient.PathOf(status.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_cancels_the_upload_and_the_session_is_then_unknown()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(10);
        var location = await _client.StartUploadAsync(repository);
        using (var patch = await PatchAsync(location, blob.Bytes, "0-9"))
        {
            await OciAssert.StatusAsync(patch, HttpStatusCode.Accepted);
        }

        using var delete = await _client.DeleteAsync(location);

        // detail.md (the historical API): "DELETE /v2/<name>/blobs/uploads/<uuid>" answers 204 No Content.
        await OciAssert.StatusAsync(delete, HttpStatusCode.NoContent);
        using var status = await _client.GetAsync(location);
        await OciAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var patchAfter = await PatchAsync(location, blob.Bytes, "0-9");
        await OciAssert.ErrorAsync(patchAfter, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), OciTestClient.Octets(blob.Bytes));
        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var head = await _client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_completed_upload_session_is_unknown(string method)
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(10);
        var location = await _client.StartUploadAsync(repository);
        using (var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), OciTestClient.Octets(blob.Bytes)))
        {
            await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        }

        using var response = await SendToUploadAsync(method, location, blob);

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_unknown_upload_id_is_404_blob_upload_unknown(string method)
    {
        var repository = OciTestClient.NewRepository("chunked");

        using var response = await SendToUploadAsync(method, $"/v2/{repository}/blobs/uploads/{Guid.NewGuid():N}", TestImages.Layer(10));

        // end-5, end-6 and end-13 list 404 as their failure; code-3 is BLOB_UPLOAD_UNKNOWN.
        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_upload_session_belongs_to_the_repository_that_started_it(string method)
    {
        var owner = OciTestClient.NewRepository("chunked");
        var other = OciTestClient.NewRepository("chunked");
        var location = await _client.StartUploadAsync(owner);
        var id = location.Split('?')[0].Split('/')[^1];

        using var response = await SendToUploadAsync(method, $"/v2/{other}/blobs/uploads/{id}", TestImages.Layer(10));

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var status = await _client.GetAsync(location);
        await OciAssert.StatusAsync(status, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_closing_put_with_the_wrong_digest_is_400_digest_invalid()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(20);
        var location = await _client.StartUploadAsync(repository);
        using var patch = await PatchAsync(location, blob.Bytes, "0-19");

        using var put = await _client.SendAsync(
            HttpMethod.Put,
            OciTestClient.WithQuery(OciTestClient.PathOf(patch.Headers.Location!), "digest", TestImages.Layer().Digest),
            new ByteArrayContent([]));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var head = await _client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_chunked_upload_can_close_with_a_sha512_digest()
    {
        var repository = OciTestClient.NewRepository("chunked");
        var blob = TestImages.Layer(40);
        var digest = TestImages.Sha512(blob.Bytes);
        var location = await _client.StartUploadAsync(repository);
        using var first = await PatchAsync(location, blob.Bytes[..25], "0-24");
        using var second = await PatchAsync(OciTestClient.PathOf(first.Headers.Location!), blob.Bytes[25..], "25-39");

        using var put = await _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(OciTestClient.PathOf(second.Headers.Location!), "digest", digest), new ByteArrayContent([]));

        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
        OciAssert.HeaderEqual(put, "Docker-Content-Digest", digest);
        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{digest}");
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    private Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk, string contentRange) =>
        _client.SendAsync(new HttpMethod("PATCH"), location, OciTestClient.Octets(chunk), ("Content-Range", contentRange));

    private Task<HttpResponseMessage> SendToUploadAsync(string method, string location, TestBlob blob) => method switch
    {
        "PATCH" => PatchAsync(location, blob.Bytes, $"0-{blob.Size - 1}"),
        "PUT" => _client.SendAsync(HttpMethod.Put, OciTestClient.WithQuery(location, "digest", blob.Digest), OciTestClient.Octets(blob.Bytes)),
        _ => _client.SendAsync(new HttpMethod(method), location),
    };

    private async Task AssertBlobAsync(HttpResponseMessage created, TestBlob blob)
    {
        OciAssert.HeaderEqual(created, "Docker-Content-Digest", blob.Digest);
        Assert.NotNull(created.Headers.Location);
        using var get = await _client.GetAsync(OciTestClient.PathOf(created.Headers.Location));
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }
}
