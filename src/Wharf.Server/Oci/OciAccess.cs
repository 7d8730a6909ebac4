using Wharf.Registry.Auth;

namespace Wharf.Server.Oci;

/// <summary>Which repository action each distribution-spec endpoint needs, as Distribution's token scopes name them:
/// reads need <c>pull</c>, uploads and manifest pushes <c>push</c>, deletes <c>delete</c>. <see cref="OciEndpoint.Base"/>
/// and <see cref="OciEndpoint.Catalog"/> need no repository action (only a valid token, and a filtered catalog).
/// A cross-repository mount also needs <c>pull</c> on its source, checked where the mount is tried.</summary>
internal static class OciAccess
{
    public static RepositoryAction Required(OciEndpoint endpoint, string method) => (endpoint, method) switch
    {
        (OciEndpoint.Base or OciEndpoint.Catalog, _) => RepositoryAction.None,
        (OciEndpoint.Manifest or OciEndpoint.Blob, "DELETE") => RepositoryAction.Delete,
        (OciEndpoint.Manifest, "PUT") => RepositoryAction.Push,
        (OciEndpoint.UploadStart or OciEndpoint.Upload, _) => RepositoryAction.Push,
        _ => RepositoryAction.Pull,
    };
}
