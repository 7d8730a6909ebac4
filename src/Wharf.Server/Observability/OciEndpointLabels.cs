using Microsoft.AspNetCore.Http.Metadata;
using Wharf.Server.Oci;

namespace Wharf.Server.Observability;

/// <summary>How a /v2 request is named in metrics. Every /v2 path reaches one catch-all route, so ASP.NET Core would
/// label them all <c>/v2/{**path}</c>; the dispatcher instead points the request at a stand-in endpoint whose route
/// is the spec's template for what was parsed (<c>/v2/{name}/manifests/{reference}</c>), which is what the hosting
/// meter reads for <c>http.route</c> when the request ends. The templates and kinds are fixed strings: no repository
/// name, tag or digest ever becomes a label value.</summary>
internal static class OciEndpointLabels
{
    private static readonly Endpoint[] Endpoints = [.. Enum.GetValues<OciEndpoint>().Select(e => new Endpoint(
        null, new EndpointMetadataCollection(new RouteLabel(Template(e))), $"OCI {Kind(e)}"))];

    /// <summary>The short kind used as the <c>endpoint</c> tag of Wharf's own instruments.</summary>
    public static string Kind(OciEndpoint endpoint) => endpoint switch
    {
        OciEndpoint.Base => "base",
        OciEndpoint.Catalog => "catalog",
        OciEndpoint.Manifest => "manifest",
        OciEndpoint.Blob => "blob",
        OciEndpoint.UploadStart or OciEndpoint.Upload => "upload",
        OciEndpoint.TagsList => "tags_list",
        OciEndpoint.Referrers => "referrers",
        _ => "other",
    };

    /// <summary>distribution-spec's endpoint templates (end-1 … end-13).</summary>
    public static string Template(OciEndpoint endpoint) => endpoint switch
    {
        OciEndpoint.Base => "/v2/",
        OciEndpoint.Catalog => "/v2/_catalog",
        OciEndpoint.Manifest => "/v2/{name}/manifests/{reference}",
        OciEndpoint.Blob => "/v2/{name}/blobs/{digest}",
        OciEndpoint.UploadStart => "/v2/{name}/blobs/uploads/",
        OciEndpoint.Upload => "/v2/{name}/blobs/uploads/{reference}",
        OciEndpoint.TagsList => "/v2/{name}/tags/list",
        OciEndpoint.Referrers => "/v2/{name}/referrers/{digest}",
        _ => "/v2/{**path}",
    };

    /// <summary>Labels the current request's <c>http.route</c> with <paramref name="endpoint"/>'s template. The
    /// catch-all endpoint has already been selected and invoked, so swapping it changes nothing but the label.</summary>
    public static void Apply(HttpContext context, OciEndpoint endpoint) => context.SetEndpoint(Endpoints[(int)endpoint]);

    private sealed record RouteLabel(string Route) : IRouteDiagnosticsMetadata;
}
