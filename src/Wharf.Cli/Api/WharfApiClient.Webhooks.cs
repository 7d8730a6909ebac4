using System.Globalization;
using System.Text.Json.Nodes;

namespace Wharf.Cli.Api;

/// <summary>Webhooks of a repository or a namespace, and their delivery logs.</summary>
internal sealed partial class WharfApiClient
{
    /// <param name="repository">The repository, or with <paramref name="isNamespace"/> the namespace.</param>
    /// <param name="actions">push, delete, pull, build; the server's default (all but pull) when empty.</param>
    /// <param name="headers">Extra request headers, sent with every POST; their values are never shown again.</param>
    public Task<CreatedWebhook> CreateWebhookAsync(
        string repository, bool isNamespace, string url, IReadOnlyList<string> actions, IReadOnlyDictionary<string, string> headers, bool enabled, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "webhooks", Body(
            (isNamespace ? "namespace" : "repository", repository),
            ("url", url),
            ("actions", actions.Count == 0 ? null : new JsonArray([.. actions.Select(a => JsonValue.Create(a))])),
            ("headers", headers.Count == 0 ? null : new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value))))),
            ("enabled", enabled)), WebhookJson.Default.CreatedWebhook, ct);

    public Task<IReadOnlyList<WebhookInfo>> ListWebhooksAsync(string repository, bool isNamespace, CancellationToken ct) =>
        GetAsync(Query("webhooks", (isNamespace ? "namespace" : "repository", repository)), WebhookJson.Default.IReadOnlyListWebhookInfo, ct);

    public Task DeleteWebhookAsync(long id, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"webhooks/{Id(id)}", null, ct);

    public Task<WebhookInfo> SetWebhookEnabledAsync(long id, bool enabled, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{Id(id)}", Body(("enabled", enabled)), WebhookJson.Default.WebhookInfo, ct);

    public Task<CreatedWebhook> ReplaceWebhookSecretAsync(long id, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"webhooks/{Id(id)}/secret", null, WebhookJson.Default.CreatedWebhook, ct);

    public Task<IReadOnlyList<WebhookDeliveryInfo>> ListWebhookDeliveriesAsync(long id, int limit, CancellationToken ct) =>
        GetAsync(Query($"webhooks/{Id(id)}/deliveries", ("limit", limit.ToString(CultureInfo.InvariantCulture))), WebhookJson.Default.IReadOnlyListWebhookDeliveryInfo, ct);

    public Task<WebhookDeliveryInfo> RedeliverAsync(long id, long delivery, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"webhooks/{Id(id)}/deliveries/{Id(delivery)}/redeliver", null, WebhookJson.Default.WebhookDeliveryInfo, ct);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
