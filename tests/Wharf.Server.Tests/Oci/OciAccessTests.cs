using Wharf.Registry.Auth;
using Wharf.Server.Oci;

namespace Wharf.Server.Tests.Oci;

public sealed class OciAccessTests
{
    [Theory]
    [InlineData(OciEndpoint.Base, "GET", RepositoryAction.None)]
    [InlineData(OciEndpoint.Catalog, "GET", RepositoryAction.None)]
    [InlineData(OciEndpoint.TagsList, "GET", RepositoryAction.Pull)]
    [InlineData(OciEndpoint.Manifest, "GET", RepositoryAction.Pull)]
    [InlineData(OciEndpoint.Manifest, "HEAD", RepositoryAction.Pull)]
    [InlineData(OciEndpoint.Manifest, "PUT", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Manifest, "DELETE", RepositoryAction.Delete)]
    [InlineData(OciEndpoint.Blob, "GET", RepositoryAction.Pull)]
    [InlineData(OciEndpoint.Blob, "DELETE", RepositoryAction.Delete)]
    [InlineData(OciEndpoint.UploadStart, "POST", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Upload, "GET", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Upload, "PATCH", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Upload, "PUT", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Upload, "DELETE", RepositoryAction.Push)]
    [InlineData(OciEndpoint.Referrers, "GET", RepositoryAction.Pull)]
    public void Each_endpoint_needs_the_action_distribution_names(OciEndpoint endpoint, string method, RepositoryAction expected) =>
        Assert.Equal(expected, OciAccess.Required(endpoint, method));
}
