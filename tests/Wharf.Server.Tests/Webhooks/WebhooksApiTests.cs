using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Server.Tests.Api.Accounts;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>The webhooks API (docs/api.md): who may manage which webhook, the secret shown once, the input refused with a
/// problem, a namespace's webhooks, pulls only when asked, builds' ends, redelivery and disabling.</summary>
public sealed class WebhooksApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_an_administrator_of_the_repository_manages_its_webhooks_and_others_are_refused_with_a_problem()
    {
        await using var registry = await NotifyingRegistry.StartAsync();
        var api = registry.Api;
        var alice = await api.NewUserAsync("alice");
        var bob = await api.NewUserAsync("bob");
        var repository = $"{alice.Name}/app";
        Assert.Equal(AccountChange.Done, await api.Store.GrantAsync(repository, Grantee.Account(bob.Name), RepositoryAccess.Write, Ct));
        var body = $$"""{"repository":"{{repository}}","url":"http://127.0.0.1:9/hook"}""";

        await api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", bob, HttpStatusCode.Forbidden, body);
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks?repository={repository}", bob, HttpStatusCode.Forbidden);
        await api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", null, HttpStatusCode.Unauthorized, body);
        var readOnly = await api.TokenAsync(alice.Name, TokenScope.ReadWrite);
        await api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", readOnly, HttpStatusCode.Forbidden, body);

        var created = await registry.CreateWebhookAsync(alice, repository, "http://127.0.0.1:9/hook");
        var id = created["id"]!.GetValue<long>();
        await api.ExpectAsync(HttpMethod.Get, "/api/v1/webhooks", alice, HttpStatusCode.BadRequest);
        await api.ExpectAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", alice, HttpStatusCode.BadRequest, """{"actions":["nope"]}""");
        await api.ExpectAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", alice, HttpStatusCode.BadRequest, """{"url":"gopher://x"}""");
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries?limit=0", alice, HttpStatusCode.BadRequest);
        Assert.Equal("""["push","delete","build"]""", created["actions"]!.ToJsonString());
        // Another account may not even learn that it exists.
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}", bob, HttpStatusCode.NotFound);
        await api.ExpectAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}", bob, HttpStatusCode.NotFound);
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries", bob, HttpStatusCode.NotFound);
        Assert.Equal(AccountChange.Done, await api.Store.GrantAsync(repository, Grantee.Account(bob.Name), RepositoryAccess.Admin, Ct));
        Assert.Single((await api.JsonAsync(HttpMethod.Get, $"/api/v1/webhooks?repository={repository}", bob, null)).AsArray());
        await api.ExpectAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}", bob, HttpStatusCode.NoContent);
        await api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}", alice, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_secret_is_shown_at_creation_only_and_a_new_one_replaces_it_for_the_signatures()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync();
        var alice = await registry.Api.NewUserAsync("alice");
        var repository = $"{alice.Name}/app";
        var body = $$$"""{"repository":"{{{repository}}}","url":"{{{receiver.Url}}}","actions":["push"],"headers":{"Authorization":"Bearer receiver-token"}}""";

        using var response = await registry.Api.SendAsync(HttpMethod.Post, "/api/v1/webhooks", alice, body);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var id = created["id"]!.GetValue<long>();
        var secret = created["secret"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/webhooks/{id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("wharf_whsec_", secret, StringComparison.Ordinal);
        Assert.Equal("""["push"]""", created["actions"]!.ToJsonString());
        Assert.Equal("""["Authorization"]""", created["headers"]!.ToJsonString());
        var shown = await registry.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}", alice, HttpStatusCode.OK);
        var listed = await registry.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks?repository={repository}", alice, HttpStatusCode.OK);
        foreach (var text in new[] { shown, listed })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"secret\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("receiver-token", text, StringComparison.Ordinal);
        }

        var replaced = await registry.Api.JsonAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/secret", alice, null);
        var newSecret = replaced["secret"]!.GetValue<string>();
        await registry.PushAsync(alice, repository, "1");

        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        Assert.NotEqual(secret, newSecret);
        Assert.True(Signatures.Verify(newSecret, post.Body, post.Header("X-Wharf-Signature-256")));
        Assert.False(Signatures.Verify(secret, post.Body, post.Header("X-Wharf-Signature-256")));
        Assert.Equal("Bearer receiver-token", post.Header("Authorization"));
    }

    [Theory]
    [InlineData("""{"url":"http://127.0.0.1:9/hook"}""")]
    [InlineData("""{"repository":"REPO","namespace":"x1","url":"http://127.0.0.1:9/hook"}""")]
    [InlineData("""{"repository":"REPO"}""")]
    [InlineData("""{"repository":"REPO","url":"ftp://127.0.0.1/hook"}""")]
    [InlineData("""{"repository":"REPO","url":"http://user:pass@127.0.0.1/hook"}""")]
    [InlineData("""{"repository":"REPO","url":"not a url"}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","actions":["push","tag"]}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","actions":[]}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","headers":{"X-Wharf-Signature-256":"sha256=0"}}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","headers":{"Host":"elsewhere"}}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","headers":{"Bad Name":"x"}}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","headers":{"X-Token":"a\nb"}}""")]
    [InlineData("""{"repository":"REPO","url":"http://127.0.0.1:9/hook","secret":"mine"}""")]
    [InlineData("""{"repository":"Not/Valid","url":"http://127.0.0.1:9/hook"}""")]
    public async Task A_webhook_that_breaks_a_rule_is_refused_with_a_problem(string template)
    {
        await using var registry = await NotifyingRegistry.StartAsync();
        var alice = await registry.Api.NewUserAsync("alice");

        await registry.Api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", alice, HttpStatusCode.BadRequest, template.Replace("REPO", $"{alice.Name}/app", StringComparison.Ordinal));

        Assert.Empty((await registry.Api.JsonAsync(HttpMethod.Get, $"/api/v1/webhooks?repository={alice.Name}/app", alice, null)).AsArray());
    }

    [Fact]
    public async Task A_namespace_webhook_is_for_its_administrators_and_hears_every_repository_in_it()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync();
        var owner = await registry.Api.NewUserAsync("owner");
        var member = await registry.Api.NewUserAsync("member");
        var org = await registry.Api.NewOrganisationAsync(owner);
        Assert.Equal(AccountChange.Done, await registry.Api.Store.CreateTeamAsync(org, "devs", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.Done, await registry.Api.Store.AddTeamMemberAsync(org, "devs", member.Name, Ct));
        var body = $$"""{"namespace":"{{org}}","url":"{{receiver.Url}}","actions":["push"]}""";

        await registry.Api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", member, HttpStatusCode.Forbidden, body);
        await registry.Api.ExpectAsync(HttpMethod.Post, "/api/v1/webhooks", owner, HttpStatusCode.Forbidden, """{"namespace":"someoneelse","url":"http://127.0.0.1:9/h"}""");
        var created = await registry.Api.JsonAsync(HttpMethod.Post, "/api/v1/webhooks", owner, body, HttpStatusCode.Created);
        await registry.PushAsync(owner, $"{org}/one", "1");
        await registry.PushAsync(owner, $"{org}/two", "1");

        var posts = await receiver.WaitAsync(posts => posts.Sum(p => JsonNode.Parse(p.Body)!["events"]!.AsArray().Count) == 2);
        var repositories = posts.SelectMany(p => JsonNode.Parse(p.Body)!["events"]!.AsArray()).Select(e => e!["target"]!["repository"]!.GetValue<string>()).Order();
        Assert.Equal([$"{org}/one", $"{org}/two"], repositories);
        Assert.Equal(org, created["namespace"]!.GetValue<string>());
        Assert.Single((await registry.Api.JsonAsync(HttpMethod.Get, $"/api/v1/webhooks?namespace={org}", owner, null)).AsArray());
        await registry.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks?namespace={org}", member, HttpStatusCode.Forbidden);
        await registry.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/webhooks?namespace={org}&repository={org}/one", owner, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Pulls_are_sent_only_to_a_webhook_that_asks_for_them()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var quiet = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync();
        var alice = await registry.Api.NewUserAsync("alice");
        var repository = $"{alice.Name}/app";
        await registry.PushAsync(alice, repository, "v1");
        await registry.CreateWebhookAsync(alice, repository, quiet.Url);
        await registry.CreateWebhookAsync(alice, repository, receiver.Url, "pull");

        // Pulls are recorded once this node has re-read which webhooks want them (at once after a change here, within
        // Notifications:PullScopesRefresh elsewhere): pull until one is posted.
        using var client = registry.Client(alice);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (receiver.Posts.Count == 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "no pull was posted within 30 s");
            Assert.NotNull(await client.FindManifestAsync(RepositoryName.Parse(repository), Reference.ForTag("v1"), Ct));
            await Task.Delay(300, Ct);
        }

        var e = JsonNode.Parse(receiver.Posts[0].Body)!["events"]![0]!;
        Assert.Equal(("pull", "GET", "v1"), (e["action"]!.GetValue<string>(), e["request"]!["method"]!.GetValue<string>(), e["target"]!["tag"]!.GetValue<string>()));
        Assert.Empty(quiet.Posts);
    }

    [Fact]
    public async Task A_build_that_ends_is_posted_as_the_build_document()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "0" });
        var alice = await registry.Api.NewUserAsync("alice");
        var repository = $"{alice.Name}/app";
        var webhook = await registry.CreateWebhookAsync(alice, repository, receiver.Url, "build");
        var builds = registry.Server.Services.GetRequiredService<SqlBuildStore>();
        var digest = Digest.Compute("built"u8.ToArray());

        var build = await builds.EnqueueAsync(new BuildSpec { Repository = repository, Tags = ["1.0", "latest"], RequestedBy = alice.Name, Git = new GitContext("https://git.example/app.git", "v1.0", null) }, Ct);
        await builds.ClaimAsync("worker", TimeSpan.FromMinutes(1), Ct);
        await builds.RecordGitCommitAsync(build.Id, "worker", "3f2c1e9aa0", Ct);
        await builds.SucceedAsync(build.Id, "worker", digest, Ct);

        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        Assert.Equal(("build", "application/json"), (post.Header("X-Wharf-Event"), post.Header("Content-Type")));
        Assert.True(Signatures.Verify(webhook["secret"]!.GetValue<string>(), post.Body, post.Header("X-Wharf-Signature-256")));
        var document = JsonNode.Parse(post.Body)!;
        Assert.Equal("build", document["action"]!.GetValue<string>());
        var ended = document["build"]!;
        Assert.Equal((build.Id, repository, "succeeded", digest.ToString(), alice.Name, "v1.0", "3f2c1e9aa0"),
            (ended["id"]!.GetValue<long>(), ended["repository"]!.GetValue<string>(), ended["state"]!.GetValue<string>(), ended["digest"]!.GetValue<string>(),
             ended["requestedBy"]!.GetValue<string>(), ended["ref"]!.GetValue<string>(), ended["commit"]!.GetValue<string>()));
        Assert.Equal("""["1.0","latest"]""", ended["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task A_delivery_is_redelivered_on_request_with_the_same_event_and_a_disabled_webhook_gets_nothing()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync();
        var alice = await registry.Api.NewUserAsync("alice");
        var repository = $"{alice.Name}/app";
        var id = (await registry.CreateWebhookAsync(alice, repository, receiver.Url, "push"))["id"]!.GetValue<long>();
        await registry.PushAsync(alice, repository, "1");
        var first = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        var delivery = (await registry.DeliveriesAsync(alice, id))[0]!["id"]!.GetValue<long>();

        var again = await registry.Api.JsonAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", alice, null, HttpStatusCode.Accepted);
        var posts = await receiver.WaitAsync(posts => posts.Count == 2);

        Assert.Equal(delivery, again["redeliveryOf"]!.GetValue<long>());
        Assert.Equal(EventId(first), EventId(posts[1]));
        Assert.NotEqual(first.Header("X-Wharf-Delivery"), posts[1].Header("X-Wharf-Delivery"));
        await registry.Api.ExpectAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/deliveries/{delivery + 100}/redeliver", alice, HttpStatusCode.NotFound);

        var disabled = await registry.Api.JsonAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", alice, """{"enabled":false}""");
        await registry.PushAsync(alice, repository, "2");
        await registry.Api.ExpectAsync(HttpMethod.Post, $"/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver", alice, HttpStatusCode.Conflict);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);

        Assert.False(disabled["enabled"]!.GetValue<bool>());
        Assert.Equal(2, receiver.Posts.Count);
        Assert.Equal(2, (await registry.DeliveriesAsync(alice, id)).Count);
    }

    private static Task<NotifyingRegistry> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) => NotifyingRegistry.StartAsync(settings);

    private static string EventId(ReceivedPost post) => JsonNode.Parse(post.Body)!["events"]![0]!["id"]!.GetValue<string>();
}
