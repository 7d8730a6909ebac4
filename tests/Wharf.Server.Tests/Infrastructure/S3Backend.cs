namespace Wharf.Server.Tests.Infrastructure;

/// <summary>The settings that put a test's Wharf on the assembly's Ceph S3 gateway: the test class's bucket and a key
/// prefix of its own, so every server starts with an empty store.</summary>
internal static class S3Backend
{
    public static async Task<Dictionary<string, string?>> SettingsAsync(CephFixture ceph, Type owner, string blobDelivery = "redirect")
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = await ceph.StartAsync(ct);
        return new Dictionary<string, string?>
        {
            ["Storage:Backend"] = "s3",
            ["Storage:S3:ServiceUrl"] = gateway.ServiceUrl.ToString(),
            ["Storage:S3:Region"] = gateway.Region,
            ["Storage:S3:Bucket"] = await ceph.BucketAsync(owner, ct),
            ["Storage:S3:AccessKey"] = gateway.AccessKey,
            ["Storage:S3:SecretKey"] = gateway.SecretKey,
            ["Storage:S3:Prefix"] = $"wharf-{Guid.NewGuid():N}/",
            ["Storage:S3:BlobDelivery"] = blobDelivery,
        };
    }

    /// <summary>Settings for <c>Storage:Backend</c> = <paramref name="backend"/> (filesystem, memory or s3).</summary>
    public static async Task<Dictionary<string, string?>> ForBackendAsync(string backend, CephFixture ceph, Type owner) =>
        backend == "s3" ? await SettingsAsync(ceph, owner) : new Dictionary<string, string?> { ["Storage:Backend"] = backend };
}
