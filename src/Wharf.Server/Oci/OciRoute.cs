using Wharf.Oci;

namespace Wharf.Server.Oci;

/// <summary>A parsed <c>/v2/…</c> path. Repository names contain slashes, so the endpoint is recognised by
/// the path's suffix (<c>manifests/&lt;ref&gt;</c>, <c>blobs/&lt;digest&gt;</c>, <c>blobs/uploads/&lt;id&gt;</c>,
/// <c>tags/list</c>, <c>referrers/&lt;digest&gt;</c>) and everything before it is the name.</summary>
/// <param name="Endpoint">Which endpoint.</param>
/// <param name="Name">The repository; default for <see cref="OciEndpoint.Base"/> and <see cref="OciEndpoint.Catalog"/>.</param>
/// <param name="Argument">The reference, digest or upload id; empty when the endpoint has none.</param>
public readonly record struct OciRoute(OciEndpoint Endpoint, RepositoryName Name, string Argument)
{
    /// <summary>Parses the path after <c>/v2/</c>. Returns <see cref="OciRouteResult.NotFound"/> for a path
    /// that is no endpoint, <see cref="OciRouteResult.InvalidName"/> for an endpoint with a malformed name.</summary>
    public static OciRouteResult TryParse(string pathAfterV2, out OciRoute route)
    {
        route = default;
        if (pathAfterV2.Length == 0)
        {
            route = new OciRoute(OciEndpoint.Base, default, "");
            return OciRouteResult.Ok;
        }

        if (pathAfterV2 == "_catalog")
        {
            route = new OciRoute(OciEndpoint.Catalog, default, "");
            return OciRouteResult.Ok;
        }

        var parts = pathAfterV2.Split('/');
        var n = parts.Length;
        (OciEndpoint Endpoint, int NameParts, string Argument)? match = null;
        if (n >= 4 && parts[n - 3] == "blobs" && parts[n - 2] == "uploads")
        {
            match = parts[n - 1].Length == 0 ? (OciEndpoint.UploadStart, n - 3, "") : (OciEndpoint.Upload, n - 3, parts[n - 1]);
        }
        else if (n >= 3 && parts[n - 2] == "blobs" && parts[n - 1] == "uploads")
        {
            match = (OciEndpoint.UploadStart, n - 2, "");
        }
        else if (n >= 3 && parts[n - 2] == "tags" && parts[n - 1] == "list")
        {
            match = (OciEndpoint.TagsList, n - 2, "");
        }
        else if (n >= 3 && parts[n - 1].Length > 0)
        {
            match = parts[n - 2] switch
            {
                "manifests" => (OciEndpoint.Manifest, n - 2, parts[n - 1]),
                "blobs" => (OciEndpoint.Blob, n - 2, parts[n - 1]),
                "referrers" => (OciEndpoint.Referrers, n - 2, parts[n - 1]),
                _ => null,
            };
        }

        if (match is not { } m)
        {
            return OciRouteResult.NotFound;
        }

        if (!RepositoryName.TryParse(string.Join('/', parts, 0, m.NameParts), out var name))
        {
            return OciRouteResult.InvalidName;
        }

        route = new OciRoute(m.Endpoint, name, m.Argument);
        return OciRouteResult.Ok;
    }
}
