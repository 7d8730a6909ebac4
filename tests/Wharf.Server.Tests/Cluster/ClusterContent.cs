using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using Npgsql;
using Wharf.Server.Tests.EndToEnd;

namespace Wharf.Server.Tests.Cluster;

/// <summary>What a cluster holds, checked without trusting Wharf's bookkeeping: every manifest row of its database is
/// served whole through the balancer with every blob its JSON names, each blob's bytes hashing to its digest; and every
/// blob object in its bucket hashes to the name it is stored under. Each returns the problems it found.</summary>
internal static class ClusterContent
{
    /// <summary>Every manifest the repositories named <paramref name="prefix"/>… hold, tagged or not, as rows.</summary>
    public static async Task<IReadOnlyList<(string Repository, string Digest)>> ManifestRowsAsync(WharfCluster cluster, string prefix, CancellationToken ct)
    {
        await using var database = NpgsqlDataSource.Create(cluster.DatabaseConnectionString);
        await using var query = database.CreateCommand(
            "SELECT r.name, m.digest FROM manifests m JOIN repositories r ON r.id = m.repository_id WHERE starts_with(r.name, $1) ORDER BY 1, 2");
        query.Parameters.Add(new NpgsqlParameter { Value = prefix });
        await using var reader = await query.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>Each manifest row of repositories named <paramref name="prefix"/>…: GET by digest through the balancer
    /// is 200 with bytes of that digest, and each config, layer and child it names is served with bytes of its digest.</summary>
    public static async Task<List<string>> CheckManifestsAsync(WharfCluster cluster, string prefix, CancellationToken ct)
    {
        var rows = await ManifestRowsAsync(cluster, prefix, ct);
        var problems = new List<string>();
        if (rows.Count == 0)
        {
            return problems;
        }

        var token = await cluster.TokenAsync(cluster.PublicAddress, [.. rows.Select(r => r.Repository).Distinct().Select(r => $"repository:{r}:pull")]);
        using var http = cluster.PublicClient(token);
        var client = new OciPushClient(http);
        var checkedBlobs = new HashSet<(string, string)>();
        foreach (var (repository, digest) in rows)
        {
            using var response = await client.GetManifestAsync(repository, digest, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK || OciPushClient.DigestOf(bytes) != digest)
            {
                problems.Add($"{repository}@{digest}: GET answered {(int)response.StatusCode} with {bytes.Length} bytes hashing to {OciPushClient.DigestOf(bytes)}");
                continue;
            }

            foreach (var (kind, named) in Referenced(bytes))
            {
                if (kind == "manifest")
                {
                    using var child = await client.GetManifestAsync(repository, named, ct, HttpMethod.Head);
                    if (child.StatusCode != HttpStatusCode.OK)
                    {
                        problems.Add($"{repository}@{digest} names manifest {named}, answered {(int)child.StatusCode}");
                    }
                }
                else if (checkedBlobs.Add((repository, named)))
                {
                    using var blob = await client.GetBlobAsync(repository, named, ct);
                    var content = await blob.Content.ReadAsByteArrayAsync(ct);
                    if (blob.StatusCode != HttpStatusCode.OK || OciPushClient.DigestOf(content) != named)
                    {
                        problems.Add($"{repository}@{digest} names {kind} {named}: GET answered {(int)blob.StatusCode} with {content.Length} bytes hashing to {OciPushClient.DigestOf(content)}");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>Every object under the cluster's <c>blobs/</c> prefix: its bytes hash to the digest its key names. Returns
    /// how many objects were read.</summary>
    public static async Task<(int Objects, List<string> Problems)> CheckBucketAsync(WharfCluster cluster, CancellationToken ct)
    {
        using var s3 = cluster.S3.CreateClient();
        var problems = new List<string>();
        var objects = 0;
        var request = new ListObjectsV2Request { BucketName = cluster.Bucket, Prefix = $"{cluster.Prefix}blobs/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, ct);
            foreach (var stored in page.S3Objects ?? [])
            {
                string hash;
                try
                {
                    using var read = await s3.GetObjectAsync(cluster.Bucket, stored.Key, ct);
                    hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(read.ResponseStream, ct));
                }
                catch (NoSuchKeyException)
                {
                    // Collected since the listing (garbage collection may still be running): gone, not half-written.
                    continue;
                }

                objects++;
                // blobs/sha256/ab/abcdef…
                var segments = stored.Key[cluster.Prefix.Length..].Split('/');
                if (segments.Length != 4 || segments[3] != hash)
                {
                    problems.Add($"object {stored.Key} ({stored.Size} bytes) hashes to sha256:{hash}");
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return (objects, problems);
    }

    /// <summary>The config and layers of an image manifest, the children of an index.</summary>
    private static List<(string Kind, string Digest)> Referenced(byte[] manifest)
    {
        using var json = JsonDocument.Parse(manifest);
        var root = json.RootElement;
        var found = new List<(string Kind, string Digest)>();
        if (root.TryGetProperty("config", out var config))
        {
            found.Add(("config", config.GetProperty("digest").GetString()!));
        }

        foreach (var (property, kind) in new[] { ("layers", "layer"), ("manifests", "manifest") })
        {
            if (root.TryGetProperty(property, out var list))
            {
                found.AddRange(list.EnumerateArray().Select(d => (kind, d.GetProperty("digest").GetString()!)));
            }
        }

        return found;
    }
}
