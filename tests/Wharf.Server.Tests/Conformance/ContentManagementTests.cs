using System.Net;
using System.Net.Http.Json;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Conformance;

/// <summary>distribution-spec "Content Management": deleting tags, manifests (end-9) and blobs (end-10).</summary>
public sealed class ContentManagementTests(WharfServerFixture fixture) : IClassFixture<WharfServerFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleting_a_manifest_by_digest_is_202_and_it_and_every_tag_on_it_are_then_404()
    {
        var repository = OciTestClient.NewRepository("delete");
        var image = await _client.PushImageAsync(repository, "v1");
        await _client.PushManifestAsync(repository, "v1-alias", image.Manifest);
        var kept = await _client.PushImageAsync(repository, "kept");

        using var delete = await _client.DeleteAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");

        // "Upon success, the registry MUST respond with a `202 Accepted` code." / "Once deleted, a `GET` to
        // `/v2/<name>/manifests/<digest>` and any tag pointing to that digest will return a 404."
        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        foreach (var reference in new[] { image.Manifest.Digest, "v1", "v1-alias" })
        {
            using var get = await _client.GetAsync($"/v2/{repository}/manifests/{reference}");
            await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
            using var head = await _client.HeadAsync($"/v2/{repository}/manifests/{reference}");
            await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
        }

        var tags = await _client.Http.GetFromJsonAsync<TagListBody>($"/v2/{repository}/tags/list", Ct);
        Assert.Equal(["kept"], tags!.Tags ?? []);
        using var other = await _client.GetAsync($"/v2/{repository}/manifests/{kept.Manifest.Digest}");
        await OciAssert.StatusAsync(other, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_a_tag_is_202_and_leaves_the_manifest_and_its_other_tags()
    {
        var repository = OciTestClient.NewRepository("delete");
        var image = await _client.PushImageAsync(repository, "gone");
        await _client.PushManifestAsync(repository, "stays", image.Manifest);

        using var delete = await _client.DeleteAsync($"/v2/{repository}/manifests/gone");

        // "Upon success, the registry MUST respond with a `202 Accepted` code." / "Once deleted, a `GET` to
        // `/v2/<name>/manifests/<tag>` will return a 404."
        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        using var byTag = await _client.GetAsync($"/v2/{repository}/manifests/gone");
        await OciAssert.ErrorAsync(byTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var byDigest = await _client.GetAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");
        await OciAssert.StatusAsync(byDigest, HttpStatusCode.OK);
        Assert.Equal(image.Manifest.Bytes, await byDigest.Content.ReadAsByteArrayAsync(Ct));
        using var other = await _client.GetAsync($"/v2/{repository}/manifests/stays");
        await OciAssert.StatusAsync(other, HttpStatusCode.OK);
        var tags = await _client.Http.GetFromJsonAsync<TagListBody>($"/v2/{repository}/tags/list", Ct);
        Assert.Equal(["stays"], tags!.Tags ?? []);
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("digest")]
    public async Task Deleting_a_manifest_that_does_not_exist_is_404(string by)
    {
        var repository = OciTestClient.NewRepository("delete");
        await _client.PushImageAsync(repository, "v1");
        var reference = by == "tag" ? "never" : TestImages.Sha256(Guid.NewGuid().ToByteArray());

        using var delete = await _client.DeleteAsync($"/v2/{repository}/manifests/{reference}");

        await OciAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_a_manifest_in_a_repository_that_does_not_exist_is_404()
    {
        using var delete = await _client.DeleteAsync($"/v2/{OciTestClient.NewRepository("nowhere")}/manifests/{TestImages.Sha256([7])}");

        // "If the repository does not exist, the response MUST return `404 Not Found`."
        await OciAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN", "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_a_manifest_twice_is_404_the_second_time()
    {
        var repository = OciTestClient.NewRepository("delete");
        var image = await _client.PushImageAsync(repository, "v1");
        using (var first = await _client.DeleteAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}"))
        {
            await OciAssert.StatusAsync(first, HttpStatusCode.Accepted);
        }

        using var second = await _client.DeleteAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");

        await OciAssert.ErrorAsync(second, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_deleted_manifest_can_be_pushed_again()
    {
        var repository = OciTestClient.NewRepository("delete");
        var image = await _client.PushImageAsync(repository, "v1");
        using (var delete = await _client.DeleteAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}"))
        {
            await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        }

        await _client.PushManifestAsync(repository, "v1", image.Manifest);

        using var get = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        Assert.Equal(image.Manifest.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Deleting_a_blob_is_202_and_it_is_then_404()
    {
        var repository = OciTestClient.NewRepository("delete");
        var blob = TestImages.Layer();
        await _client.PushBlobAsync(repository, blob);

        using var delete = await _client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");

        // "Upon success, the registry MUST respond with code `202 Accepted`."
        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        using var get = await _client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var head = await _client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(head, HttpStatusCode.NotFound);
        // "If the blob is not found, a `404 Not Found` code MUST be returned."
        using var again = await _client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_a_blob_that_was_never_pushed_is_404_blob_unknown()
    {
        var repository = OciTestClient.NewRepository("delete");
        await _client.PushBlobAsync(repository, TestImages.Layer());

        using var delete = await _client.DeleteAsync($"/v2/{repository}/blobs/{TestImages.Sha256(Guid.NewGuid().ToByteArray())}");

        await OciAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_a_blob_in_one_repository_leaves_it_in_another()
    {
        var first = OciTestClient.NewRepository("delete");
        var second = OciTestClient.NewRepository("delete");
        var blob = TestImages.Layer();
        await _client.PushBlobAsync(first, blob);
        await _client.PushBlobAsync(second, blob);

        using var delete = await _client.DeleteAsync($"/v2/{first}/blobs/{blob.Digest}");

        await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        using var get = await _client.GetAsync($"/v2/{second}/blobs/{blob.Digest}");
        await OciAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(blob.Bytes, await get.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_manifest_naming_a_deleted_blob_is_400_manifest_blob_unknown()
    {
        var repository = OciTestClient.NewRepository("delete");
        var config = TestImages.Config();
        var layer = TestImages.Layer();
        await _client.PushBlobsAsync(repository, config, layer);
        using (var delete = await _client.DeleteAsync($"/v2/{repository}/blobs/{layer.Digest}"))
        {
            await OciAssert.StatusAsync(delete, HttpStatusCode.Accepted);
        }

        using var put = await _client.PutManifestAsync(repository, "v1", TestImages.Image(config, [layer]));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("nonsense")]
    public async Task Deleting_a_blob_by_a_malformed_digest_is_400_digest_invalid(string digest)
    {
        using var delete = await _client.DeleteAsync($"/v2/{OciTestClient.NewRepository("delete")}/blobs/{digest}");

        await OciAssert.ErrorAsync(delete, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
