namespace Wharf.Oci.Errors;

/// <summary>The error codes of the OCI distribution-spec ("Error Codes" table) plus the two auth codes
/// that Docker's registry API adds. <see cref="OciErrors"/> maps each to its status and message.</summary>
public enum OciErrorCode
{
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    TooManyRequests,
    RangeInvalid,

    /// <summary>distribution-spec: a manifest over the registry's limit is answered 413 (code SIZE_INVALID).</summary>
    PayloadTooLarge,
    PaginationNumberInvalid,

    /// <summary>A fault of the server, not of the request (Distribution's UNKNOWN, 500). Never used for bad input.</summary>
    Unknown,
}
