using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Storage:S3</c>: the object store blobs live in when <c>Storage:Backend</c> is <c>s3</c>.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The store's URL (Ceph RGW, MinIO…); empty for AWS S3, located by <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket; it must exist.</summary>
    public string? Bucket { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Both keys, or neither for the SDK's default credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Put before every key, so one bucket can hold several registries.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Bucket in the path rather than the host name (what Ceph and MinIO expect).</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary><c>redirect</c>: a blob GET is answered 307 to a presigned URL of the store; <c>proxy</c>: Wharf
    /// streams the bytes itself (for clients that cannot reach the store).</summary>
    [AllowedValues("redirect", "proxy")]
    public string BlobDelivery { get; set; } = "redirect";

    /// <summary>How long a presigned URL of a redirect stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RedirectLifetime { get; set; } = TimeSpan.FromMinutes(20);
}
