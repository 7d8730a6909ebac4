using System.Security.Cryptography;
using System.Text.Json;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Notifications.Wire;
using Wharf.Registry.Secrets;

namespace Wharf.Registry.Notifications;

/// <summary>Webhooks as the API manages them: the rules (<see cref="WebhookRules"/>, a repository or a namespace), the
/// secret generated here and shown once, and the sealing of secret and headers with the server's
/// <see cref="SecretBox"/> (the one that seals build triggers' secrets, decision 023). Who may manage which webhook is
/// the caller's to decide first, through <see cref="RepositoryRights"/>.</summary>
/// <param name="box">The server's box, asked only when a secret is sealed or opened (on SQLite its key file is made on
/// first use); null when there is no key (PostgreSQL without <c>Secrets:Key</c>): then no webhook can be made.</param>
public sealed class WebhookService(SqlWebhookStore store, Func<SecretBox?> box)
{
    /// <summary>Whether this server can seal a webhook's secret: false on PostgreSQL without <c>Secrets:Key</c>, since
    /// nodes sharing the database must share the key.</summary>
    public bool CanSeal => box() is not null;

    public async Task<CreatedWebhook> CreateAsync(WebhookSpec spec, string createdBy, CancellationToken ct)
    {
        if ((spec.Repository is null) == (spec.Namespace is null))
        {
            throw new InvalidWebhookException("a webhook is for exactly one of a repository and a namespace");
        }

        if (spec.Repository is not null && !RepositoryName.TryParse(spec.Repository, out _))
        {
            throw new InvalidWebhookException("repository must be a repository name: lowercase path components separated by /, like team/app");
        }

        if (spec.Namespace is not null && !AccountName.IsValid(spec.Namespace))
        {
            throw new InvalidWebhookException("namespace must be the name of a user or an organisation");
        }

        WebhookRules.Url(spec.Url);
        WebhookRules.Actions(spec.Actions);
        var secret = WebhookSecrets.Generate();
        var webhook = await store.CreateAsync(
            spec, Box().Seal(secret, WebhookSecrets.SealPurpose), SealHeaders(WebhookRules.Headers(spec.Headers)), createdBy, ct);
        return new CreatedWebhook(webhook, secret);
    }

    /// <summary>Applies a change after checking it; null when there is no such webhook.</summary>
    public Task<Webhook?> UpdateAsync(long id, WebhookChange change, CancellationToken ct)
    {
        if (change.Url is not null)
        {
            WebhookRules.Url(change.Url);
        }

        if (change.Actions is { } actions)
        {
            WebhookRules.Actions(actions);
        }

        var headers = change.Headers is null ? null : SealHeaders(WebhookRules.Headers(change.Headers));
        return store.UpdateAsync(id, change, headers, ct);
    }

    /// <summary>Gives the webhook a new secret, shown this once; the old one stops signing at once. Null when there is no
    /// such webhook.</summary>
    public async Task<CreatedWebhook?> ReplaceSecretAsync(long id, CancellationToken ct)
    {
        var secret = WebhookSecrets.Generate();
        return await store.ReplaceSecretAsync(id, Box().Seal(secret, WebhookSecrets.SealPurpose), ct) && await store.FindAsync(id, ct) is { } webhook
            ? new CreatedWebhook(webhook, secret)
            : null;
    }

    /// <summary>The HMAC key of the webhook's signatures; <see cref="CryptographicException"/> when this node has no key or
    /// another one.</summary>
    public string OpenSecret(Webhook webhook) => Opener().Open(webhook.SealedSecret, WebhookSecrets.SealPurpose);

    /// <summary>The extra headers sent with every POST.</summary>
    public IReadOnlyDictionary<string, string> OpenHeaders(Webhook webhook) =>
        JsonSerializer.Deserialize(Opener().Open(webhook.SealedHeaders, WebhookSecrets.HeadersSealPurpose), NotificationJson.Default.DictionaryStringString)
        ?? [];

    /// <summary>The names of the extra headers, which listings show (their values may be tokens, and are not shown).</summary>
    public IReadOnlyList<string> HeaderNames(Webhook webhook) => [.. OpenHeaders(webhook).Keys.Order(StringComparer.OrdinalIgnoreCase)];

    private SecretBox Box() => box() ?? throw new InvalidOperationException("this server has no Secrets:Key to seal a webhook's secret with");

    private SecretBox Opener() => box() ?? throw new CryptographicException("this node has no Secrets:Key to open the webhook's secret with");

    private string SealHeaders(IReadOnlyDictionary<string, string> headers) =>
        Box().Seal(JsonSerializer.Serialize(headers.ToDictionary(), NotificationJson.Default.DictionaryStringString), WebhookSecrets.HeadersSealPurpose);
}
