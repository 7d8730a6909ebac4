using Wharf.Server.Oci;

namespace Wharf.Server.Tests.Oci;

public sealed class OciRouteTests
{
    [Theory]
    [InlineData("", OciEndpoint.Base, "", "")]
    [InlineData("_catalog", OciEndpoint.Catalog, "", "")]
    [InlineData("app/manifests/latest", OciEndpoint.Manifest, "app", "latest")]
    [InlineData("a/b/c/manifests/sha256:abc", OciEndpoint.Manifest, "a/b/c", "sha256:abc")]
    [InlineData("team/app/blobs/sha256:abc", OciEndpoint.Blob, "team/app", "sha256:abc")]
    [InlineData("team/app/blobs/uploads/", OciEndpoint.UploadStart, "team/app", "")]
    [InlineData("team/app/blobs/uploads", OciEndpoint.UploadStart, "team/app", "")]
    [InlineData("team/app/blobs/uploads/0123", OciEndpoint.Upload, "team/app", "0123")]
    [InlineData("team/app/tags/list", OciEndpoint.TagsList, "team/app", "")]
    [InlineData("team/app/referrers/sha256:abc", OciEndpoint.Referrers, "team/app", "sha256:abc")]
    // Names may contain the endpoint words themselves; the suffix decides.
    [InlineData("blobs/manifests/manifests/x", OciEndpoint.Manifest, "blobs/manifests", "x")]
    [InlineData("tags/list/tags/list", OciEndpoint.TagsList, "tags/list", "")]
    [InlineData("x/blobs/uploads/blobs/sha256:abc", OciEndpoint.Blob, "x/blobs/uploads", "sha256:abc")]
    public void Recognises_each_endpoint_by_its_suffix(string path, OciEndpoint endpoint, string name, string argument)
    {
        Assert.Equal(OciRouteResult.Ok, OciRoute.TryParse(path, out var route));
        Assert.Equal(endpoint, route.Endpoint);
        Assert.Equal(name, route.Name.Value ?? "");
        Assert.Equal(argument, route.Argument);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("app/manifests")]
    [InlineData("app/manifests/")]
    [InlineData("manifests/latest")]
    [InlineData("app/tags")]
    [InlineData("app/unknown/x")]
    [InlineData("_catalog/x")]
    public void Paths_that_are_no_endpoint_are_not_found(string path)
    {
        Assert.Equal(OciRouteResult.NotFound, OciRoute.TryParse(path, out _));
    }

    [Theory]
    [InlineData("App/manifests/latest")]
    [InlineData("a//b/manifests/latest")]
    [InlineData("../etc/blobs/sha256:abc")]
    [InlineData("-a/tags/list")]
    public void Endpoints_with_malformed_names_are_invalid_names(string path)
    {
        Assert.Equal(OciRouteResult.InvalidName, OciRoute.TryParse(path, out _));
    }
}
