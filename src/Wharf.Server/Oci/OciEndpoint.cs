namespace Wharf.Server.Oci;

/// <summary>The endpoints of the distribution-spec, by the suffix of their path.</summary>
public enum OciEndpoint
{
    Base,
    Catalog,
    Manifest,
    Blob,
    UploadStart,
    Upload,
    TagsList,
    Referrers,
}
