using System.Net;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Observability;

namespace Wharf.Server.Tests.Cluster;

/// <summary>The three-node cluster of docs/deploy.md (<see cref="WharfCluster"/>: PostgreSQL, one Ceph bucket, HAProxy
/// with TLS, round robin, no stickiness, auth on), driven through the balancer by docker, podman, skopeo and our own
/// client, and node by node where a test must know which node answers. The tests of a class run one at a time, so what
/// a node's metrics count between two scrapes is what the test did.</summary>
[Collection(ContainerToolsDefinition.Name)]
public sealed partial class ClusterTests(DockerEngine docker, ClusterFixture fixture, PostgresCluster postgres, CephFixture ceph) : IClassFixture<ClusterFixture>
{
    private const int MiB = 1024 * 1024;

    private WharfCluster Cluster => fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>Pushes <paramref name="image"/> (each blob in one POST, then the manifest) and expects every step to succeed.</summary>
    private static async Task PushAsync(OciPushClient client, string repository, string tag, TestImage image)
    {
        foreach (var blob in image.Blobs)
        {
            using var pushed = await client.PushMonolithicAsync(repository, blob, Ct);
            await OciPushClient.ExpectAsync(pushed, HttpStatusCode.Created, $"POST of a blob to {repository}");
        }

        using var put = await client.PutManifestAsync(repository, tag, image.Manifest, OciPushClient.OciManifest, Ct);
        await OciPushClient.ExpectAsync(put, HttpStatusCode.Created, $"PUT /v2/{repository}/manifests/{tag}");
    }

    /// <summary>The count of requests a node served on <paramref name="route"/> between two scrapes.</summary>
    private static int RequestsServed(PrometheusScrape before, PrometheusScrape after, string route, string method, string status) =>
        Moved(before, after, "http_server_request_duration_seconds_count", ("http_route", route), ("http_request_method", method), ("http_response_status_code", status));

    /// <summary>How much a counter (the sum of its series with <paramref name="labels"/>) moved between two scrapes.</summary>
    private static int Moved(PrometheusScrape before, PrometheusScrape after, string name, params (string Name, string Value)[] labels) =>
        (int)(after.Sum(name, labels) - before.Sum(name, labels));
}
