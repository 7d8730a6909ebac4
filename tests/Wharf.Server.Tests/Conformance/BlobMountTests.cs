using System.Net;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Mounting a blob from another repository" (end-11).</summary>
public sealed class BlobMountTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mount_from_a_repository_that_has_the_blob_is_201_and_the_blob_is_then_readable_in_the_target()
    {
        var (source, blob) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}", new ByteArrayContent([]));

        // "The response to a successful mount MUST be `201 Created`, and MUST contain the following header: Location: <blob-location>"
        await OciAssert.StatusAsync(mount, HttpStatusCode.Created);
        Assert.NotNull(mount.Headers.Location);
        OciAssert.HeaderEqual(mount, "Docker-Content-Digest", blob.Digest);
        using var viaLocation = await _client.GetAsync(OciTestClient.PathOf(mount.Headers.Location));
        await OciAssert.StatusAsync(viaLocation, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await viaLocation.Content.ReadAsByteArrayAsync(Ct));
        using var inTarget = await _client.GetAsync($"/v2/{target}/blobs/{blob.Digest}");
        Assert.Equal(blob.Bytes, await inTarget.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Mounting_a_blob_the_target_already_has_is_201()
    {
        var (source, blob) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");
        await _client.PushBlobAsync(target, blob);

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}", new ByteArrayContent([]));

        await OciAssert.StatusAsync(mount, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Mount_from_a_repository_without_the_blob_falls_back_to_a_202_upload_session()
    {
        var (source, _) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");
        var absent = TestImages.Layer();

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={absent.Digest}&from={source}", new ByteArrayContent([]));

        // "if a registry … is unable to mount the requested blob, it SHOULD return a `202`. This indicates that the upload
        // session has begun and that the client MAY proceed with the upload."
        await AssertUsableSessionAsync(mount, target, absent);
    }

    [Fact]
    public async Task Mount_from_a_repository_that_does_not_exist_falls_back_to_a_202_upload_session()
    {
        var target = OciTestClient.NewRepository("mount/target");
        var blob = TestImages.Layer();

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={OciTestClient.NewRepository("nowhere")}", new ByteArrayContent([]));

        await AssertUsableSessionAsync(mount, target, blob);
    }

    [Fact]
    public async Task Mount_without_from_either_mounts_or_starts_an_upload_session()
    {
        var (_, blob) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={blob.Digest}", new ByteArrayContent([]));

        // "The registry MAY treat the `from` parameter as optional, and it MAY cross-mount the blob if it can be found."
        await OciAssert.StatusAsync(mount, [HttpStatusCode.Created, HttpStatusCode.Accepted]);
        if (mount.StatusCode == HttpStatusCode.Created)
        {
            using var get = await _client.GetAsync($"/v2/{target}/blobs/{blob.Digest}");
            await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        }
        else
        {
            await AssertUsableSessionAsync(mount, target, blob);
        }
    }

    [Fact]
    public async Task A_mounted_blob_survives_its_deletion_from_the_source()
    {
        var (source, blob) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");
        using (var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}", new ByteArrayContent([])))
        {
            await OciAssert.StatusAsync(mount, HttpStatusCode.Created);
        }

        using var delete = await _client.DeleteAsync($"/v2/{source}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);

        using var get = await _client.GetAsync($"/v2/{target}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Mount_with_a_malformed_digest_is_400_digest_invalid()
    {
        var (source, _) = await SourceWithBlobAsync();
        var target = OciTestClient.NewRepository("mount/target");

        using var mount = await _client.SendAsync(HttpMethod.Post, $"/v2/{target}/blobs/uploads/?mount=sha256:nothex&from={source}", new ByteArrayContent([]));

        await OciAssert.ErrorAsync(mount, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private async Task<(string Source, TestBlob Blob)> SourceWithBlobAsync()
    {
        var source = OciTestClient.NewRepository("mount/source");
        var blob = TestImages.Layer();
        await _client.PushBlobAsync(source, blob);
        return (source, blob);
    }

    private async Task AssertUsableSessionAsync(HttpResponseMessage response, string target, TestBlob blob)
    {
        await OciAssert.StatusAsync(response, HttpStatusCode.Accepted);
        Assert.NotNull(response.Headers.Location);
        using var head = await _client.HeadAsync($"/v2/{target}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
        using var put = await _client.SendAsync(
            HttpMethod.Put,
            OciTestClient.WithQuery(OciTestClient.PathOf(response.Headers.Location), "digest", blob.Digest),
            OciTestClient.Octets(blob.Bytes));
        await OciAssert.StatusAsync(put, HttpStatusCode.Created);
    }
}
