using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Wharf.Registry.Storage;

/// <summary>Where an S3-compatible object store is and how to sign requests to it. Deliberately not a record: its
/// secret must never reach a log line through a generated <c>ToString</c>.</summary>
public sealed class S3Endpoint
{
    /// <summary>The store's URL (Ceph RGW, MinIO…); absent for AWS itself, which <see cref="Region"/> then locates.</summary>
    public string? ServiceUrl { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>Both keys, or neither for the SDK's default credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than the host name: what Ceph and MinIO expect.</summary>
    public bool ForcePathStyle { get; init; } = true;

    public IAmazonS3 CreateClient()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = ForcePathStyle,
            // Checksums only where S3 requires them: Ceph 16 rejects the trailing checksums the SDK now sends by
            // default, and every blob is verified against its digest by Wharf anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A server-side copy of a multi-gigabyte part answers only when it is done.
            Timeout = TimeSpan.FromMinutes(15),
        };
        if (ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        return AccessKey is { Length: > 0 } && SecretKey is { Length: > 0 }
            ? new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config)
            : new AmazonS3Client(config);
    }
}
