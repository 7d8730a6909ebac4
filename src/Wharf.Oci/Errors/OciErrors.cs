namespace Wharf.Oci.Errors;

/// <summary>The spec's error table in one place: the wire code, the HTTP status and the default message.</summary>
public static class OciErrors
{
    public static string Code(OciErrorCode code) => code switch
    {
        OciErrorCode.BlobUnknown => "BLOB_UNKNOWN",
        OciErrorCode.BlobUploadInvalid => "BLOB_UPLOAD_INVALID",
        OciErrorCode.BlobUploadUnknown => "BLOB_UPLOAD_UNKNOWN",
        OciErrorCode.DigestInvalid => "DIGEST_INVALID",
        OciErrorCode.ManifestBlobUnknown => "MANIFEST_BLOB_UNKNOWN",
        OciErrorCode.ManifestInvalid => "MANIFEST_INVALID",
        OciErrorCode.ManifestUnknown => "MANIFEST_UNKNOWN",
        OciErrorCode.NameInvalid => "NAME_INVALID",
        OciErrorCode.NameUnknown => "NAME_UNKNOWN",
        OciErrorCode.SizeInvalid => "SIZE_INVALID",
        OciErrorCode.Unauthorized => "UNAUTHORIZED",
        OciErrorCode.Denied => "DENIED",
        OciErrorCode.Unsupported => "UNSUPPORTED",
        OciErrorCode.TooManyRequests => "TOOMANYREQUESTS",
        // distribution-spec: an out-of-order or malformed chunk is 416; the code must come from the spec's table.
        OciErrorCode.RangeInvalid => "BLOB_UPLOAD_INVALID",
        OciErrorCode.PayloadTooLarge => "SIZE_INVALID",
        OciErrorCode.PaginationNumberInvalid => "UNSUPPORTED",
        OciErrorCode.Unknown => "UNKNOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static int Status(OciErrorCode code) => code switch
    {
        OciErrorCode.BlobUnknown => 404,
        OciErrorCode.BlobUploadInvalid => 400,
        OciErrorCode.BlobUploadUnknown => 404,
        OciErrorCode.DigestInvalid => 400,
        OciErrorCode.ManifestBlobUnknown => 400,
        OciErrorCode.ManifestInvalid => 400,
        OciErrorCode.ManifestUnknown => 404,
        OciErrorCode.NameInvalid => 400,
        OciErrorCode.NameUnknown => 404,
        OciErrorCode.SizeInvalid => 400,
        OciErrorCode.Unauthorized => 401,
        OciErrorCode.Denied => 403,
        OciErrorCode.Unsupported => 405,
        OciErrorCode.TooManyRequests => 429,
        OciErrorCode.RangeInvalid => 416,
        OciErrorCode.PayloadTooLarge => 413,
        OciErrorCode.PaginationNumberInvalid => 400,
        OciErrorCode.Unknown => 500,
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static string Message(OciErrorCode code) => code switch
    {
        OciErrorCode.BlobUnknown => "blob unknown to registry",
        OciErrorCode.BlobUploadInvalid => "blob upload invalid",
        OciErrorCode.BlobUploadUnknown => "blob upload unknown to registry",
        OciErrorCode.DigestInvalid => "provided digest did not match uploaded content",
        OciErrorCode.ManifestBlobUnknown => "manifest references a manifest or blob unknown to registry",
        OciErrorCode.ManifestInvalid => "manifest invalid",
        OciErrorCode.ManifestUnknown => "manifest unknown to registry",
        OciErrorCode.NameInvalid => "invalid repository name",
        OciErrorCode.NameUnknown => "repository name not known to registry",
        OciErrorCode.SizeInvalid => "provided length did not match content length",
        OciErrorCode.Unauthorized => "authentication required",
        OciErrorCode.Denied => "requested access to the resource is denied",
        OciErrorCode.Unsupported => "the operation is unsupported",
        OciErrorCode.TooManyRequests => "too many requests",
        OciErrorCode.RangeInvalid => "invalid content range",
        OciErrorCode.PayloadTooLarge => "payload too large",
        OciErrorCode.PaginationNumberInvalid => "invalid number of results requested",
        OciErrorCode.Unknown => "unknown error",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };
}
