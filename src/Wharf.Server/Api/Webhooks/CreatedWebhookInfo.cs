using Wharf.Registry.Notifications;

namespace Wharf.Server.Api.Webhooks;

/// <summary>Answer of <c>POST /api/v1/webhooks</c> and of a secret's replacement: the webhook and its secret, shown this
/// once (the key of <c>X-Wharf-Signature-256</c>).</summary>
internal sealed record CreatedWebhookInfo(
    long Id,
    string? Repository,
    string? Namespace,
    string Url,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Headers,
    bool Enabled,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string Secret)
{
    public static CreatedWebhookInfo From(CreatedWebhook created, WebhookService service)
    {
        var info = WebhookInfo.From(created.Webhook, service);
        return new(info.Id, info.Repository, info.Namespace, info.Url, info.Actions, info.Headers, info.Enabled, info.CreatedBy, info.CreatedAt, created.Secret);
    }

    // The secret stays out of ToString, so logging the record never logs it.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", secret hidden");
        return true;
    }
}
