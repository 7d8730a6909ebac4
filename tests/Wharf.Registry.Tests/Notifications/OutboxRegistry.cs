using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.Events;
using Wharf.Registry.Manifests;
using Wharf.Registry.Metadata;
using Wharf.Registry.Notifications;
using Wharf.Registry.Secrets;
using Wharf.Registry.Storage;
using Wharf.Registry.Uploads;

namespace Wharf.Registry.Tests.Notifications;

/// <summary>The registry's services, the webhooks' store and service and the build queue on one database, with a fake
/// clock: what the outbox tests push, delete and claim through.</summary>
internal sealed class OutboxRegistry
{
    public static readonly RegistryActor Alice = new("alice", "192.0.2.7", new RegistryRequest("req-1", "PUT", "registry.test:5000", "docker/27", Https: true));

    public OutboxRegistry(SqlDatabase database, FakeTimeProvider time)
    {
        Database = database;
        Time = time;
        var metadata = new SqlMetadataStore(database, time);
        var blobs = new InMemoryBlobStore(time);
        Manifests = new ManifestService(metadata, time, new RegistryPolicy(), IgnoredRegistryEvents.Instance);
        Uploads = new UploadService(blobs, metadata, new UploadHashCache(), time);
        Store = new SqlWebhookStore(database, time);
        Webhooks = new WebhookService(Store, () => new SecretBox(new byte[SecretBox.KeySize]));
        Builds = new SqlBuildStore(database, time);
    }

    public SqlDatabase Database { get; }

    public FakeTimeProvider Time { get; }

    public ManifestService Manifests { get; }

    public UploadService Uploads { get; }

    public SqlWebhookStore Store { get; }

    public WebhookService Webhooks { get; }

    public SqlBuildStore Builds { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<Webhook> WebhookAsync(string? repository, string? space, WebhookActions actions, bool enabled = true) =>
        (await Webhooks.CreateAsync(
            new WebhookSpec(repository, space, "http://127.0.0.1:9/hook", actions, new Dictionary<string, string>(), enabled), "alice", Ct)).Webhook;

    /// <summary>Pushes a small image (its config, then a manifest with a distinct annotation) under <paramref name="tag"/>.</summary>
    public async Task<StoredManifest> PushAsync(string repository, string tag, string variant = "1")
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux"}""");
        var configDigest = Digest.Compute(config);
        await Uploads.PushMonolithicAsync(RepositoryName.Parse(repository), configDigest, new MemoryStream(config), Ct);
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","config":{"mediaType":"{{{MediaTypes.OciConfig}}}","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[],"annotations":{"v":"{{{variant}}}"}}""");
        return await Manifests.PutAsync(RepositoryName.Parse(repository), Reference.ForTag(tag), body, MediaTypes.OciManifest, Alice, Ct);
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(Webhook webhook) => await Store.ListDeliveriesAsync(webhook.Id, null, 100, Ct);

    /// <summary>Rows of a table, counted.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var c = await Database.OpenAsync(Ct);
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
