using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Storage</c>: where blobs (and, on the embedded default, the SQLite database) live.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>The data directory: <c>blobs/</c>, <c>uploads/</c> (filesystem backend) and <c>wharf.db</c> sit under it.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The blob backend: <c>filesystem</c> (the default), <c>s3</c>, or <c>memory</c> (gone at exit: tests,
    /// throwaway servers).</summary>
    [Required]
    [AllowedValues("filesystem", "s3", "memory")]
    public string Backend { get; set; } = "filesystem";

    /// <summary>The object store, when <see cref="Backend"/> is <c>s3</c>.</summary>
    public S3StorageOptions S3 { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend != "s3")
        {
            yield break;
        }

        // Nested sections are not validated by data annotations on their own.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(S3, new ValidationContext(S3), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return new ValidationResult($"Storage:S3: {result.ErrorMessage}", [.. result.MemberNames.Select(m => $"S3.{m}")]);
        }

        if (string.IsNullOrWhiteSpace(S3.Bucket))
        {
            yield return new ValidationResult("Storage:S3:Bucket is required when Storage:Backend is s3", ["S3.Bucket"]);
        }

        if (string.IsNullOrEmpty(S3.AccessKey) != string.IsNullOrEmpty(S3.SecretKey))
        {
            yield return new ValidationResult("Storage:S3:AccessKey and Storage:S3:SecretKey go together (or neither, for the SDK's default credentials)", ["S3.AccessKey"]);
        }

        if (!string.IsNullOrEmpty(S3.ServiceUrl) && !(Uri.TryCreate(S3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("Storage:S3:ServiceUrl must be an absolute URL (http:// or https://)", ["S3.ServiceUrl"]);
        }
    }
}
