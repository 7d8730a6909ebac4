using System.Net;

namespace Wharf.Server.Tests.Conformance;

/// <summary>"Registries MAY implement deletion or they MAY disable it." With deletion disabled every DELETE must be
/// refused with 400 or 405, and the content must stay.</summary>
public sealed class DeletesDisabledTests(DeletesDisabledFixture fixture) : IClassFixture<DeletesDisabledFixture>
{
    private readonly OciTestClient _client = new(fixture.Server.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("manifest-by-digest")]
    [InlineData("tag")]
    [InlineData("blob")]
    public async Task Delete_is_refused_with_405_unsupported_and_the_content_stays(string what)
    {
        var repository = OciTestClient.NewRepository("nodelete");
        var image = await _client.PushImageAsync(repository, "v1");
        var path = what switch
        {
            "manifest-by-digest" => $"/v2/{repository}/manifests/{image.Manifest.Digest}",
            "tag" => $"/v2/{repository}/manifests/v1",
            _ => $"/v2/{repository}/blobs/{image.Layer.Digest}",
        };

        using var delete = await _client.DeleteAsync(path);

        // "If tag deletion is disabled, the registry MUST respond with either a `400 Bad Request` or a `405 Method Not Allowed`."
        // (the same sentence for manifests and blobs). Wharf documents 405 UNSUPPORTED (RegistryOptions.DeletesEnabled).
        await OciAssert.ErrorAsync(delete, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        using var manifest = await _client.GetAsync($"/v2/{repository}/manifests/v1");
        await OciAssert.StatusAsync(manifest, HttpStatusCode.OK);
        Assert.Equal(image.Manifest.Bytes, await manifest.Content.ReadAsByteArrayAsync(Ct));
        using var blob = await _client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        await OciAssert.StatusAsync(blob, HttpStatusCode.OK);
        Assert.Equal(image.Layer.Bytes, await blob.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Cancelling_an_upload_is_not_a_delete_and_still_works()
    {
        var repository = OciTestClient.NewRepository("nodelete");
        var location = await _client.StartUploadAsync(repository);

        using var cancel = await _client.DeleteAsync(location);

        await OciAssert.StatusAsync(cancel, HttpStatusCode.NoContent);
    }
}
