using System.Text.Json;
using Wharf.Oci;
using Wharf.Registry.Metadata;

namespace Wharf.Server.Oci;

/// <summary><c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;[?artifactType=…]</c> (distribution-spec 1.1).
/// An unknown subject or repository is an empty index, not an error.</summary>
internal static class ReferrersHandler
{
    public static async Task GetAsync(OciRequest r)
    {
        var subject = r.ArgumentDigest();
        var artifactType = r.Request.Query["artifactType"].ToString();
        var filter = artifactType.Length == 0 ? null : artifactType;
        var referrers = await r.Service<IMetadataStore>().ListReferrersAsync(r.Name.Value, subject, filter, r.Ct);
        if (filter is not null)
        {
            r.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        var index = new ReferrersIndex([.. referrers.Select(ToDescriptor)]);
        r.Response.ContentType = MediaTypes.OciIndex;
        await JsonSerializer.SerializeAsync(r.Response.Body, index, OciJsonContext.Default.ReferrersIndex, r.Ct);
    }

    private static Descriptor ToDescriptor(Referrer referrer) => new()
    {
        MediaType = referrer.MediaType,
        Digest = referrer.Digest,
        Size = referrer.Size,
        ArtifactType = referrer.ArtifactType,
        Annotations = referrer.AnnotationsJson is null
            ? null
            : JsonSerializer.Deserialize(referrer.AnnotationsJson, OciJsonContext.Default.DictionaryStringString),
    };
}
