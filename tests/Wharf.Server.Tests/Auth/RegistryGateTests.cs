using System.Net;
using Wharf.Registry.Auth;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Auth;

/// <summary>Every /v2 endpoint behind the token gate (<c>OciGate</c>), over HTTP against a real Wharf: the 401s carry
/// a Bearer challenge with the scope to ask for and the spec's error body, a refused account gets 403 DENIED, and a
/// token opens exactly what it names.</summary>
public sealed class RegistryGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_token_every_endpoint_answers_401_with_the_challenge_for_its_scope()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        var anonymous = registry.Client(null);
        var realm = $"http://{registry.Server.HostPort}/auth/token";

        var cases = new (HttpMethod Method, string Path, string? Scope)[]
        {
            (HttpMethod.Get, "/v2/", null),
            (HttpMethod.Get, "/v2/_catalog", "registry:catalog:*"),
            (HttpMethod.Get, "/v2/alice/app/manifests/1", "repository:alice/app:pull"),
            (HttpMethod.Head, "/v2/alice/app/blobs/sha256:" + new string('a', 64), "repository:alice/app:pull"),
            (HttpMethod.Get, "/v2/alice/app/tags/list", "repository:alice/app:pull"),
            (HttpMethod.Post, "/v2/alice/app/blobs/uploads/", "repository:alice/app:pull,push"),
            (HttpMethod.Put, "/v2/alice/app/manifests/1", "repository:alice/app:pull,push"),
            (HttpMethod.Delete, "/v2/alice/app/manifests/sha256:" + new string('a', 64), "repository:alice/app:delete"),
        };
        foreach (var (method, path, scope) in cases)
        {
            using var response = await anonymous.SendAsync(method, path);
            if (method != HttpMethod.Head)
            {
                await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            }

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var expected = $"Bearer realm=\"{realm}\",service=\"wharf\"" + (scope is null ? "" : $",scope=\"{scope}\"");
            Assert.Equal(expected, OciAssert.Header(response, "WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task A_token_opens_its_own_repository_and_no_other_and_a_bad_token_is_invalid()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        var image = await registry.PushAsync("alice", "alice/app");
        await registry.PushAsync("alice", "alice/other");
        var alice = registry.Client(await registry.TokenAsync("alice", "repository:alice/app:pull"));

        using var own = await alice.GetAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}");
        using var other = await alice.GetAsync("/v2/alice/other/manifests/1");
        using var push = await alice.SendAsync(HttpMethod.Post, "/v2/alice/app/blobs/uploads/");
        var tampered = await registry.TokenAsync("alice", "repository:alice/app:pull");
        using var forged = await registry.Client(tampered[..^4] + (tampered[^4..] == "AAAA" ? "BBBB" : "AAAA")).GetAsync("/v2/alice/app/manifests/1");
        using var garbage = await registry.Client("not.a.token").GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await OciAssert.ErrorAsync(other, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("error=\"insufficient_scope\"", OciAssert.Header(other, "WWW-Authenticate"), StringComparison.Ordinal);
        // The token names alice/app and grants only pull: alice asked for less than she may have, so ask again.
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        foreach (var refused in new[] { forged, garbage })
        {
            await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains("error=\"invalid_token\"", OciAssert.Header(refused, "WWW-Authenticate"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_account_refused_by_the_token_server_gets_403_denied()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob"]);
        await registry.PushAsync("alice", "alice/app");
        var bob = registry.Client(await registry.TokenAsync("bob", "repository:alice/app:pull,push"));

        using var pull = await bob.GetAsync("/v2/alice/app/manifests/1");
        using var push = await bob.SendAsync(HttpMethod.Post, "/v2/alice/app/blobs/uploads/");

        await OciAssert.ErrorAsync(pull, HttpStatusCode.Forbidden, "DENIED");
        await OciAssert.ErrorAsync(push, HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task Deletes_need_admin_a_write_grant_pushes_but_does_not_delete()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob", "carol"]);
        var image = await registry.PushAsync("alice", "alice/app");
        await registry.Accounts.GrantAsync("alice/app", Grantee.Account("bob"), RepositoryAccess.Write, Ct);
        await registry.Accounts.GrantAsync("alice/app", Grantee.Account("carol"), RepositoryAccess.Admin, Ct);
        var bob = registry.Client(await registry.TokenAsync("bob", "repository:alice/app:pull,push,delete"));
        var carol = registry.Client(await registry.TokenAsync("carol", "repository:alice/app:pull,push,delete"));

        await bob.PushImageAsync("alice/app", "2");
        using var refused = await bob.DeleteAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}");
        using var deleted = await carol.DeleteAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}");

        await OciAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "DENIED");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
    }

    [Fact]
    public async Task A_token_from_another_service_sharing_the_keys_is_invalid_here()
    {
        var keys = Directory.CreateTempSubdirectory("wharf-shared-keys-").FullName;
        try
        {
            // The signing keys live in the database: two registries on one database share them.
            var shared = new Dictionary<string, string?> { ["Database:ConnectionString"] = Path.Combine(keys, "wharf.db") };
            await using var a = await GatedRegistry.StartAsync(["alice"], new Dictionary<string, string?>(shared) { ["Auth:Service"] = "registry-a" });
            await using var b = await GatedRegistry.StartAsync([], new Dictionary<string, string?>(shared) { ["Auth:Service"] = "registry-b" }); // alice is there
            var fromB = await b.TokenForAsync("registry-b", "alice", GatedRegistry.Password, "repository:alice/app:pull");

            using var refused = await a.Client(fromB).GetAsync("/v2/alice/app/tags/list");
            using var accepted = await b.Client(fromB).GetAsync("/v2/");

            await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains("service=\"registry-a\"", OciAssert.Header(refused, "WWW-Authenticate"), StringComparison.Ordinal);
            Assert.Contains("error=\"invalid_token\"", OciAssert.Header(refused, "WWW-Authenticate"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode); // the same token is good where it was meant for
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task Public_repositories_are_pullable_anonymously_unless_switched_off_and_never_pushable()
    {
        foreach (var anonymousPull in new[] { true, false })
        {
            await using var registry = await GatedRegistry.StartAsync(["alice"], new Dictionary<string, string?> { ["Auth:AnonymousPull"] = anonymousPull.ToString() });
            await registry.PushAsync("alice", "alice/public");
            await registry.PushAsync("alice", "alice/private");
            Assert.Equal(AccountChange.Done, await registry.Accounts.SetPublicAsync("alice/public", true, Ct));
            var anonymous = registry.Client(await registry.TokenAsync(null, "repository:alice/public:pull,push", "repository:alice/private:pull"));

            using var open = await anonymous.GetAsync("/v2/alice/public/manifests/1");
            using var closed = await anonymous.GetAsync("/v2/alice/private/manifests/1");
            using var push = await anonymous.SendAsync(HttpMethod.Post, "/v2/alice/public/blobs/uploads/");

            Assert.Equal(anonymousPull ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, open.StatusCode);
            await OciAssert.ErrorAsync(closed, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            await OciAssert.ErrorAsync(push, HttpStatusCode.Unauthorized, "UNAUTHORIZED"); // logging in might help
        }
    }

    [Fact]
    public async Task The_catalog_lists_only_what_the_caller_may_pull_page_by_page()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob"]);
        foreach (var name in new[] { "alice/a", "alice/b", "alice/c", "bob/a", "bob/shared" })
        {
            await registry.PushAsync(name.Split('/')[0], name);
        }

        await registry.Accounts.SetPublicAsync("bob/a", true, Ct);
        await registry.Accounts.GrantAsync("bob/shared", Grantee.Account("alice"), RepositoryAccess.Read, Ct);

        async Task<List<string>> CatalogAsync(string? user, int pageSize)
        {
            var client = registry.Client(await registry.TokenAsync(user, "registry:catalog:*"));
            var names = new List<string>();
            for (var next = $"/v2/_catalog?n={pageSize}"; next is not null;)
            {
                using var response = await client.GetAsync(next);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
                names.AddRange(body["repositories"]!.AsArray().Select(n => n!.GetValue<string>()));
                next = LinkHeader.Next(response);
            }

            return names;
        }

        Assert.Equal(["alice/a", "alice/b", "alice/c", "bob/a", "bob/shared"], await CatalogAsync("alice", 2));
        Assert.Equal(["bob/a", "bob/shared"], await CatalogAsync("bob", 1));
        Assert.Equal(["bob/a"], await CatalogAsync(null, 100));
        Assert.Equal(5, (await CatalogAsync("admin", 100)).Count);
    }

    [Fact]
    public async Task The_catalog_needs_a_token_granting_the_catalog_scope()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        await registry.PushAsync("alice", "alice/app");
        var repositoryOnly = registry.Client(await registry.TokenAsync("alice", "repository:alice/app:pull"));

        using var refused = await repositoryOnly.GetAsync("/v2/_catalog");

        // As Distribution: a token must carry registry:catalog:* for the listing, and the challenge says so.
        await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(
            $"Bearer realm=\"http://{registry.Server.HostPort}/auth/token\",service=\"wharf\",scope=\"registry:catalog:*\",error=\"insufficient_scope\"",
            OciAssert.Header(refused, "WWW-Authenticate"));
    }

    [Fact]
    public async Task A_mount_from_a_repository_the_caller_may_not_pull_falls_back_to_an_upload()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob"]);
        var image = await registry.PushAsync("alice", "alice/app");
        await registry.Accounts.GrantAsync("alice/shared", Grantee.Account("bob"), RepositoryAccess.Read, Ct);
        await registry.PushAsync("alice", "alice/shared");
        var shared = await registry.Client(await registry.TokenAsync("alice", "repository:alice/shared:pull")).GetAsync("/v2/alice/shared/manifests/1");
        var sharedLayer = System.Text.Json.Nodes.JsonNode.Parse(await shared.Content.ReadAsStringAsync(Ct))!["layers"]![0]!["digest"]!.GetValue<string>();
        var bob = registry.Client(await registry.TokenAsync("bob", "repository:bob/app:pull,push", "repository:alice/app:pull", "repository:alice/shared:pull"));

        using var refused = await bob.SendAsync(HttpMethod.Post, $"/v2/bob/app/blobs/uploads/?mount={image.Layer.Digest}&from=alice/app");
        using var mounted = await bob.SendAsync(HttpMethod.Post, $"/v2/bob/app/blobs/uploads/?mount={sharedLayer}&from=alice/shared");

        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode); // an upload session, as if the blob were not there
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }

    [Fact]
    public async Task A_mount_challenge_asks_for_pull_on_the_source_so_a_client_that_follows_it_mounts()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice"]);
        var image = await registry.PushAsync("alice", "alice/app");
        var path = $"/v2/alice/copy/blobs/uploads/?mount={image.Layer.Digest}&from=alice/app";

        using var challenged = await registry.Client(null).SendAsync(HttpMethod.Post, path);
        var challenge = OciAssert.Header(challenged, "WWW-Authenticate")!;
        var scopes = System.Text.RegularExpressions.Regex.Match(challenge, "scope=\"([^\"]*)\"").Groups[1].Value.Split(' ');
        using var mounted = await registry.Client(await registry.TokenAsync("alice", scopes)).SendAsync(HttpMethod.Post, path);

        // As Distribution: a mount needs pull on its source, so the challenge names both repositories.
        Assert.Equal(["repository:alice/copy:pull,push", "repository:alice/app:pull"], scopes);
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }

    [Fact]
    public async Task Disabling_or_deleting_an_account_ends_its_tokens_within_the_recheck_interval()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob"], new Dictionary<string, string?> { ["Auth:AccountRecheckInterval"] = "00:00:01" });
        var image = await registry.PushAsync("alice", "alice/app");
        var alice = registry.Client(await registry.TokenAsync("alice", "repository:alice/app:pull"));
        var bob = registry.Client(await registry.TokenAsync("bob", "registry:catalog:*"));
        using (var before = await alice.GetAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await registry.Accounts.SetDisabledAsync("alice", true, Ct);
        await registry.Accounts.DeleteAccountAsync("bob", Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);

        // The tokens have minutes to run, but their accounts may no longer act (decision 015).
        using var disabled = await alice.GetAsync($"/v2/alice/app/manifests/{image.Manifest.Digest}");
        using var deleted = await bob.GetAsync("/v2/_catalog");
        foreach (var refused in new[] { disabled, deleted })
        {
            await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains("error=\"invalid_token\"", OciAssert.Header(refused, "WWW-Authenticate"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Path_tricks_never_reach_another_namespace()
    {
        await using var registry = await GatedRegistry.StartAsync(["alice", "bob"]);
        await registry.PushAsync("bob", "bob/secret");
        await registry.PushAsync("alice", "alice/app");
        var token = await registry.TokenAsync("alice", "repository:alice/app:pull,push,delete");
        string[] tricks =
        [
            "/v2/alice/app/../../bob/secret/manifests/1",
            "/v2/alice/app/%2e%2e/%2e%2e/bob/secret/manifests/1",
            "/v2/alice/app/manifests/../../../bob/secret/manifests/1",
            "/v2/alice%2Fapp/../../bob/secret/manifests/1",
            "/v2/bob/secret%2F..%2F..%2Falice%2Fapp/manifests/1",
            "/v2//bob/secret/manifests/1",
            "/v2/./bob/secret/manifests/1",
            "/v2/alice/app/../../bob/secret/tags/list",
        ];

        foreach (var path in tricks)
        {
            var status = await RawHttp.SendAsync(registry.Server.BaseAddress, $"GET {path} HTTP/1.1\r\nHost: {registry.Server.HostPort}\r\nAuthorization: Bearer {token}", [], halfClose: false);
            Assert.True(status is 400 or 401 or 403 or 404, $"{path} answered {status}");
        }

        using var scope = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=wharf&scope=repository:alice/../bob/secret:pull");
        scope.Headers.Authorization = BasicAuth.Header("alice", GatedRegistry.Password);
        using var refused = await registry.Server.Client.SendAsync(scope, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
