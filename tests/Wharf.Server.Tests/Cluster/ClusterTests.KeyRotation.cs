using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Wharf.Server.Tests.Auth;
using Wharf.Server.Tests.EndToEnd;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cluster;

/// <summary>A signing key rotated on one node's host is everyone's at once (decision 008).</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task A_key_rotated_by_wharf_keys_rotate_on_one_node_verifies_on_every_node_at_once_and_each_then_signs_with_it()
    {
        const string repository = "admin/rotation";
        var image = TestImage.Create(new Random(10), "rotation", 40_000);
        using (var http = Cluster.PublicClient(await Cluster.TokenAsync(Cluster.PublicAddress, $"repository:{repository}:pull,push")))
        {
            await PushAsync(new OciPushClient(http), repository, "1", image);
        }

        var old = await Cluster.TokenAsync(Cluster.Nodes[0].BaseAddress, $"repository:{repository}:pull");
        var oldKid = Kid(old);

        // On node 1's host, with node 1's settings (docs/deploy/wharf.env), beside the running nodes.
        var node = Cluster.Nodes[0];
        var rotate = (await WharfCli.RunAsync(["keys", "rotate", "--data-dir", node.DataDirectory], node.Environment, ct: Ct)).EnsureSuccess();
        var match = Regex.Match(rotate.StandardOutput, "^signing key (?<new>\\S+) is current; (?<old>\\S+) verifies", RegexOptions.Multiline);
        Assert.True(match.Success, rotate.Describe());
        var newKid = match.Groups["new"].Value;
        Assert.Equal(oldKid, match.Groups["old"].Value);
        Assert.NotEqual(oldKid, newKid);

        // The nodes have not re-read the keys yet (they do every minute): a token signed with the new key, as the next
        // node to notice the rotation signs them, is what must verify everywhere right away.
        var signedWithNew = await SignWithAsync(newKid, ForgedToken.Payload(old));
        foreach (var each in Cluster.Nodes)
        {
            Assert.Equal(HttpStatusCode.OK, await GetManifestStatusAsync(each, signedWithNew, repository));
            Assert.Equal(HttpStatusCode.OK, await GetManifestStatusAsync(each, old, repository));
        }

        // Having met the new key, each node signs with it, and the old one still verifies what it signed.
        foreach (var issuer in Cluster.Nodes)
        {
            var fresh = await Cluster.TokenAsync(issuer.BaseAddress, $"repository:{repository}:pull");
            Assert.Equal(newKid, Kid(fresh));
            using var jwks = issuer.Client();
            var kids = JsonNode.Parse(await jwks.GetStringAsync("auth/jwks", Ct))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>());
            Assert.Equal([newKid, oldKid], kids);
        }
    }

    private static async Task<HttpStatusCode> GetManifestStatusAsync(ClusterNode node, string token, string repository)
    {
        using var direct = node.Client(token);
        using var response = await new OciPushClient(direct).GetManifestAsync(repository, "1", Ct);
        return response.StatusCode;
    }

    private static string Kid(string token) => ForgedToken.Header(token)["kid"]!.GetValue<string>();

    /// <summary>A token with <paramref name="claims"/> (a new <c>jti</c>, issued now) signed with the key
    /// <paramref name="kid"/> as the database holds it: what a node whose view of the keys is current would issue.</summary>
    private async Task<string> SignWithAsync(string kid, JsonObject claims)
    {
        await using var database = NpgsqlDataSource.Create(Cluster.DatabaseConnectionString);
        await using var query = database.CreateCommand("SELECT private_key FROM signing_keys WHERE kid = $1");
        query.Parameters.Add(new NpgsqlParameter { Value = kid });
        var pem = (string)(await query.ExecuteScalarAsync(Ct) ?? throw new InvalidOperationException($"no signing key {kid} in the database"));
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        claims["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        claims["iat"] = now;
        claims["nbf"] = now;
        claims["exp"] = now + 300;
        return ForgedToken.SignEs256(new JsonObject { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "JWT" }, claims, key);
    }
}
