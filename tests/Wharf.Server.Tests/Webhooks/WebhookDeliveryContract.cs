using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Conformance;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>Outgoing webhooks end to end, on each database (decision 022): a real Wharf, a real receiver on loopback, pushes
/// through the Wharf registry client. What arrives is signed and in Distribution's envelope; a receiver that was down gets
/// it once it is back, and so it does when the server was stopped and started again meanwhile.</summary>
public abstract class WebhookDeliveryContract : IAsyncDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wharf-webhooks-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The database settings of the server (the same for every start of one test).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> DatabaseAsync();

    [Fact]
    public async Task A_push_arrives_signed_with_the_secret_shown_at_creation_in_Distributions_envelope()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync(await DatabaseAsync());
        var alice = await registry.Api.NewUserAsync("alice");
        var webhook = await registry.CreateWebhookAsync(alice, $"{alice.Name}/app", receiver.Url, "push");

        var manifest = await registry.PushAsync(alice, $"{alice.Name}/app", "v1");

        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        Assert.True(Signatures.Verify(webhook["secret"]!.GetValue<string>(), post.Body, post.Header("X-Wharf-Signature-256")), "the signature does not verify");
        Assert.False(Signatures.Verify(webhook["secret"]!.GetValue<string>() + "x", post.Body, post.Header("X-Wharf-Signature-256")));
        Assert.Equal("application/vnd.docker.distribution.events.v1+json", post.Header("Content-Type"));
        Assert.Equal("registry", post.Header("X-Wharf-Event"));
        Assert.Equal(webhook["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), post.Header("X-Wharf-Webhook"));
        Assert.True(Guid.TryParse(post.Header("X-Wharf-Delivery"), out _));
        var e = Assert.Single(JsonNode.Parse(post.Body)!["events"]!.AsArray())!;
        Assert.Equal("push", e["action"]!.GetValue<string>());
        Assert.Equal(manifest.Digest, e["target"]!["digest"]!.GetValue<string>());
        Assert.Equal(manifest.MediaType, e["target"]!["mediaType"]!.GetValue<string>());
        Assert.Equal(manifest.Size, e["target"]!["size"]!.GetValue<long>());
        Assert.Equal($"{alice.Name}/app", e["target"]!["repository"]!.GetValue<string>());
        Assert.Equal("v1", e["target"]!["tag"]!.GetValue<string>());
        Assert.Equal($"http://{registry.Server.HostPort}/v2/{alice.Name}/app/manifests/{manifest.Digest}", e["target"]!["url"]!.GetValue<string>());
        Assert.Equal(("PUT", registry.Server.HostPort, "wharf"),
            (e["request"]!["method"]!.GetValue<string>(), e["request"]!["host"]!.GetValue<string>(), e["request"]!["useragent"]!.GetValue<string>()));
        Assert.Equal(alice.Name, e["actor"]!["name"]!.GetValue<string>());

        var log = Assert.Single(await registry.DeliveriesAsync(alice, webhook["id"]!.GetValue<long>()))!;
        Assert.Equal(("delivered", 1, 204), (log["state"]!.GetValue<string>(), log["attempts"]!.GetValue<int>(), log["statusCode"]!.GetValue<int>()));
        Assert.Equal(post.Header("X-Wharf-Delivery"), log["delivery"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delete_of_a_tag_and_of_a_manifest_arrive_as_delete_events()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await using var registry = await StartAsync(await DatabaseAsync());
        var alice = await registry.Api.NewUserAsync("alice");
        var repository = $"{alice.Name}/app";
        var manifest = await registry.PushAsync(alice, repository, "v1");
        var webhook = await registry.CreateWebhookAsync(alice, repository, receiver.Url, "delete");

        using var client = registry.Client(alice);
        Assert.True(await client.DeleteManifestAsync(RepositoryName.Parse(repository), Reference.ForTag("v1"), Ct));
        Assert.True(await client.DeleteManifestAsync(RepositoryName.Parse(repository), Reference.ForDigest(Digest.Parse(manifest.Digest)), Ct));

        var posts = await receiver.WaitAsync(posts => posts.Sum(p => Events(p).Count) == 2);
        // Two events, two deliveries: sent side by side, they may arrive in either order (as Distribution's do).
        var targets = posts.SelectMany(Events).Select(e => (e["action"]!.GetValue<string>(), e["target"]!.ToJsonString()));
        (string, string)[] expected =
            [("delete", $$"""{"repository":"{{repository}}","tag":"v1"}"""), ("delete", $$"""{"digest":"{{manifest.Digest}}","repository":"{{repository}}"}""")];
        Assert.Equal(expected.Order(), targets.Order());
        Assert.All(posts, p => Assert.True(Signatures.Verify(webhook["secret"]!.GetValue<string>(), p.Body, p.Header("X-Wharf-Signature-256"))));
    }

    [Fact]
    public async Task A_receiver_that_was_down_gets_the_event_once_it_is_back()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(up: false);
        await using var registry = await StartAsync(await DatabaseAsync());
        var alice = await registry.Api.NewUserAsync("alice");
        var webhook = await registry.CreateWebhookAsync(alice, $"{alice.Name}/app", receiver.Url, "push");
        var id = webhook["id"]!.GetValue<long>();

        var manifest = await registry.PushAsync(alice, $"{alice.Name}/app", "v1");
        var failing = await WaitForLogAsync(registry, alice, id, d => d["attempts"]!.GetValue<int>() >= 2);
        Assert.Equal("pending", failing["state"]!.GetValue<string>());
        Assert.Contains("request failed", failing["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(failing["statusCode"]);
        await receiver.StartAsync();

        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        Assert.Equal(manifest.Digest, Events(post).Single()["target"]!["digest"]!.GetValue<string>());
        Assert.True(Signatures.Verify(webhook["secret"]!.GetValue<string>(), post.Body, post.Header("X-Wharf-Signature-256")));
        var delivered = await WaitForLogAsync(registry, alice, id, d => d["state"]!.GetValue<string>() == "delivered");
        Assert.True(delivered["attempts"]!.GetValue<int>() > failing["attempts"]!.GetValue<int>());
        Assert.Null(delivered["error"]);
    }

    [Fact]
    public async Task An_event_whose_receiver_was_down_when_the_server_stopped_arrives_once_after_it_starts_again()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(up: false);
        var database = await DatabaseAsync();
        ApiLogin alice;
        long id;
        TestManifest manifest;
        string secret;
        await using (var first = await StartAsync(database))
        {
            alice = await first.Api.NewUserAsync("alice");
            var webhook = await first.CreateWebhookAsync(alice, $"{alice.Name}/app", receiver.Url, "push");
            (id, secret) = (webhook["id"]!.GetValue<long>(), webhook["secret"]!.GetValue<string>());
            manifest = await first.PushAsync(alice, $"{alice.Name}/app", "v1");
            await WaitForLogAsync(first, alice, id, d => d["attempts"]!.GetValue<int>() >= 1 && d["error"] is not null);
        }

        await receiver.StartAsync();
        await using var second = await StartAsync(database);

        var post = Assert.Single(await receiver.WaitAsync(posts => posts.Count > 0));
        Assert.Equal(manifest.Digest, Events(post).Single()["target"]!["digest"]!.GetValue<string>());
        Assert.True(Signatures.Verify(secret, post.Body, post.Header("X-Wharf-Signature-256")));
        var delivered = await WaitForLogAsync(second, alice, id, d => d["state"]!.GetValue<string>() == "delivered");
        // Delivered once: nothing more arrives for it, however long the server runs.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Single(receiver.Posts);
        Assert.Equal(post.Header("X-Wharf-Delivery"), delivered["delivery"]!.GetValue<string>());
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<NotifyingRegistry> StartAsync(IReadOnlyDictionary<string, string?> database) => NotifyingRegistry.StartAsync(database, _data);

    private static IReadOnlyList<JsonNode> Events(ReceivedPost post) => [.. JsonNode.Parse(post.Body)!["events"]!.AsArray().Select(e => e!)];

    /// <summary>Waits until the webhook's newest delivery satisfies <paramref name="done"/>, and returns it.</summary>
    private static async Task<JsonNode> WaitForLogAsync(NotifyingRegistry registry, ApiLogin who, long webhook, Func<JsonNode, bool> done)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if ((await registry.DeliveriesAsync(who, webhook)).FirstOrDefault() is { } newest && done(newest))
            {
                return newest;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the delivery log did not show what was expected within 30 s");
            await Task.Delay(50, Ct);
        }
    }
}
