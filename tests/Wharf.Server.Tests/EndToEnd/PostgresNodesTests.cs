using System.Net;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.Conformance;

namespace Wharf.Server.Tests.EndToEnd;

/// <summary>Two Wharf nodes on one PostgreSQL database (<c>Database:Provider=postgres</c>) and one blob directory:
/// what one node stores, the other serves, and a token one node signs, the other accepts (the signing keys are in
/// the database, decision 008).</summary>
public sealed class PostgresNodesTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_push_through_one_node_is_pulled_through_the_other_with_the_first_nodes_token()
    {
        var blobs = Directory.CreateTempSubdirectory("wharf-pg-nodes-").FullName;
        try
        {
            var shared = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "postgres",
                ["Database:ConnectionString"] = await cluster.CreateSchemaAsync(Ct),
                ["Storage:DataDirectory"] = blobs,
            };
            await using var a = await GatedRegistry.StartAsync(["alice"], shared);
            await using var b = await GatedRegistry.StartAsync([], shared); // alice is in the shared database already

            var token = await a.TokenAsync("alice", "repository:alice/app:pull,push");
            var image = await a.Client(token).PushImageAsync("alice/app", "v1");
            await a.Client(token).PushManifestAsync("alice/app", "V2", image.Manifest);

            var viaB = b.Client(token);
            using var manifest = await viaB.GetAsync("/v2/alice/app/manifests/v1");
            using var layer = await viaB.GetAsync($"/v2/alice/app/blobs/{image.Layer.Digest}");
            using var tags = await viaB.GetAsync("/v2/alice/app/tags/list");

            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
            Assert.Equal(image.Manifest.Bytes, await manifest.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(image.Layer.Bytes, await layer.Content.ReadAsByteArrayAsync(Ct));
            // Case-insensitive lexical order, as on SQLite, whatever the database's collation.
            Assert.Equal("""{"name":"alice/app","tags":["v1","V2"]}""", await tags.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            Directory.Delete(blobs, recursive: true);
        }
    }
}
