using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Wharf.Registry.Metadata;

namespace Wharf.Server.Tests.Cli.Migrate;

/// <summary>A PostgreSQL + S3 registry end (a fresh schema on the assembly's cluster, a fresh prefix in the test class's
/// Ceph bucket) named the way an operator names it: a configuration file with everything but the secrets, which are
/// environment variables under the prefix of whoever reads them (<c>WHARF_TO_</c>, <c>WHARF_FROM_</c>, <c>WHARF_</c>
/// for <c>serve</c>).</summary>
internal sealed record PostgresS3End(string ConfigFile, string ConnectionString, S3Gateway Gateway, string BucketName, string KeyPrefix)
{
    public static async Task<PostgresS3End> CreateAsync(PostgresCluster cluster, CephFixture ceph, Type owner, string directory)
    {
        var ct = TestContext.Current.CancellationToken;
        var gateway = await ceph.StartAsync(ct);
        var bucket = await ceph.BucketAsync(owner, ct);
        var prefix = $"migrate-{Guid.NewGuid():N}/";
        var config = new JsonObject
        {
            ["Database"] = new JsonObject { ["Provider"] = "postgres" },
            ["Storage"] = new JsonObject
            {
                ["Backend"] = "s3",
                ["S3"] = new JsonObject
                {
                    ["ServiceUrl"] = gateway.ServiceUrl.ToString(),
                    ["Region"] = gateway.Region,
                    ["Bucket"] = bucket,
                    ["Prefix"] = prefix,
                },
            },
        };
        var file = Path.Combine(directory, $"pg-s3-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, config.ToJsonString(), ct);
        return new PostgresS3End(file, await cluster.CreateSchemaAsync(ct), gateway, bucket, prefix);
    }

    /// <summary>The secrets as environment variables under <paramref name="prefix"/>.</summary>
    public Dictionary<string, string> Secrets(string prefix) => new()
    {
        [$"{prefix}Database__ConnectionString"] = ConnectionString,
        [$"{prefix}Storage__S3__AccessKey"] = Gateway.AccessKey,
        [$"{prefix}Storage__S3__SecretKey"] = Gateway.SecretKey,
    };

    public SqlDatabase OpenDatabase() => SqlDatabase.Postgres(ConnectionString);

    /// <summary>The keys under <c>PREFIX/under</c> in the bucket.</summary>
    public async Task<List<string>> ListKeysAsync(string under)
    {
        using var s3 = Gateway.CreateClient();
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = BucketName, Prefix = KeyPrefix + under };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, TestContext.Current.CancellationToken);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key[KeyPrefix.Length..]));
            if (page.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }
}
