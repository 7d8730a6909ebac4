using Wharf.Oci.Errors;

namespace Wharf.Oci.Tests;

public sealed class OciErrorsTests
{
    public static TheoryData<OciErrorCode> RequestErrors() => [.. Enum.GetValues<OciErrorCode>().Where(c => c != OciErrorCode.Unknown)];

    [Theory]
    [MemberData(nameof(RequestErrors))]
    public void Every_request_error_has_a_wire_code_a_4xx_status_and_a_message(OciErrorCode code)
    {
        Assert.Matches("^[A-Z_]+$", OciErrors.Code(code));
        Assert.InRange(OciErrors.Status(code), 400, 499);
        Assert.False(string.IsNullOrWhiteSpace(OciErrors.Message(code)));
    }

    [Theory]
    [InlineData(OciErrorCode.BlobUnknown, "BLOB_UNKNOWN", 404)]
    [InlineData(OciErrorCode.BlobUploadUnknown, "BLOB_UPLOAD_UNKNOWN", 404)]
    [InlineData(OciErrorCode.DigestInvalid, "DIGEST_INVALID", 400)]
    [InlineData(OciErrorCode.ManifestBlobUnknown, "MANIFEST_BLOB_UNKNOWN", 400)]
    [InlineData(OciErrorCode.ManifestUnknown, "MANIFEST_UNKNOWN", 404)]
    [InlineData(OciErrorCode.NameInvalid, "NAME_INVALID", 400)]
    [InlineData(OciErrorCode.NameUnknown, "NAME_UNKNOWN", 404)]
    [InlineData(OciErrorCode.Unauthorized, "UNAUTHORIZED", 401)]
    [InlineData(OciErrorCode.Denied, "DENIED", 403)]
    [InlineData(OciErrorCode.Unsupported, "UNSUPPORTED", 405)]
    [InlineData(OciErrorCode.TooManyRequests, "TOOMANYREQUESTS", 429)]
    [InlineData(OciErrorCode.Unknown, "UNKNOWN", 500)]
    public void The_spec_table_is_followed(OciErrorCode code, string wire, int status)
    {
        Assert.Equal(wire, OciErrors.Code(code));
        Assert.Equal(status, OciErrors.Status(code));
    }
}
