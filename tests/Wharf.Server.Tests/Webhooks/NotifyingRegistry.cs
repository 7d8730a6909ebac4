using System.Net;
using System.Text.Json.Nodes;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Images;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Conformance;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Webhooks;

/// <summary>A real Wharf with auth on and its deliveries made quick for tests (polls every 100 ms, retries after 200 ms
/// doubling to a second, many attempts), on the database the settings name; and what the webhook tests do to it:
/// register a webhook through the API, push through the Wharf registry client with a user's token.</summary>
internal sealed class NotifyingRegistry : IAsyncDisposable
{
    private NotifyingRegistry(AccountsApiServer api) => Api = api;

    public AccountsApiServer Api { get; }

    public WharfServer Server => Api.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Quick deliveries; a test's own settings (the database, say) add to these or replace them.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? more = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Notifications:PollInterval"] = "00:00:00.100",
            ["Notifications:FirstRetryDelay"] = "00:00:00.200",
            ["Notifications:MaxRetryDelay"] = "00:00:01",
            ["Notifications:MaxAttempts"] = "100",
            ["Notifications:Timeout"] = "00:00:05",
            ["Notifications:PullScopesRefresh"] = "00:00:00.200",
            ["Secrets:Key"] = Convert.ToBase64String(new byte[32]),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    /// <param name="dataDirectory">Kept by the caller, for a restart on the same data.</param>
    public static async Task<NotifyingRegistry> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null) =>
        new(await AccountsApiServer.StartAsync(Settings(settings), dataDirectory));

    /// <summary>Registers a webhook and returns the answer (with its <c>id</c> and, this once, its <c>secret</c>).</summary>
    public async Task<JsonNode> CreateWebhookAsync(ApiLogin who, string repository, string url, params string[] actions)
    {
        var body = new JsonObject { ["repository"] = repository, ["url"] = url };
        if (actions.Length > 0)
        {
            body["actions"] = new JsonArray([.. actions.Select(a => JsonValue.Create(a))]);
        }

        return await Api.JsonAsync(HttpMethod.Post, "/api/v1/webhooks", who, body.ToJsonString(), HttpStatusCode.Created);
    }

    /// <summary>The webhook's delivery log, newest first.</summary>
    public async Task<JsonArray> DeliveriesAsync(ApiLogin who, long webhook) =>
        (await Api.JsonAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhook}/deliveries", who, null)).AsArray();

    /// <summary>Pushes a config, a layer and a manifest with the Wharf registry client as <paramref name="who"/> (the
    /// token dance included), tagged <paramref name="tag"/>; returns the manifest.</summary>
    public async Task<TestManifest> PushAsync(ApiLogin who, string repository, string tag)
    {
        using var client = Client(who);
        var name = RepositoryName.Parse(repository);
        var config = TestImages.Config();
        var layer = TestImages.Layer();
        foreach (var blob in new[] { config, layer })
        {
            await client.PushBlobAsync(
                name, new Descriptor { MediaType = blob.MediaType, Digest = Digest.Parse(blob.Digest), Size = blob.Size },
                (offset, _) => Task.FromResult<Stream>(new MemoryStream(blob.Bytes[(int)offset..])),
                null, null, Ct);
        }

        var manifest = TestImages.Image(config, [layer]);
        await client.PutManifestAsync(name, Reference.ForTag(tag), new ManifestContent(manifest.Bytes, manifest.MediaType), Ct);
        return manifest;
    }

    public RegistryClient Client(ApiLogin who) =>
        new(Server.HostPort, new RegistryClientOptions { Credential = new RegistryCredential(who.Name, who.Secret) });

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
