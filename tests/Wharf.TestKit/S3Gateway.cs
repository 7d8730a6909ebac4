using Amazon.Runtime;
using Amazon.S3;

namespace Wharf.TestKit;

/// <summary>How to reach the S3 gateway <see cref="CephFixture"/> started (from its <c>s3.env</c>).</summary>
public sealed class S3Gateway(Uri serviceUrl, string accessKey, string secretKey, string region)
{
    public Uri ServiceUrl { get; } = serviceUrl;

    public string AccessKey { get; } = accessKey;

    public string SecretKey { get; } = secretKey;

    public string Region { get; } = region;

    /// <summary>How long the cluster took to start, for the record.</summary>
    public TimeSpan StartupTime { get; init; }

    /// <summary>A client set up the way Ceph 16 needs it: path-style addressing, no trailing checksums.</summary>
    public IAmazonS3 CreateClient() => new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = ServiceUrl.ToString(),
        AuthenticationRegion = Region,
        ForcePathStyle = true,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });
}
