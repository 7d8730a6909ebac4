using Wharf.Registry.Notifications;

namespace Wharf.Server.Api.Webhooks;

/// <summary>A webhook as the API shows it: everything but its secret, and its extra headers by name only (a value may
/// be a token).</summary>
internal sealed record WebhookInfo(
    long Id,
    string? Repository,
    string? Namespace,
    string Url,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Headers,
    bool Enabled,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public static WebhookInfo From(Webhook w, WebhookService service) =>
        new(w.Id, w.Repository, w.Namespace, w.Url, WebhookActionWords.Of(w.Actions), HeaderNames(w, service), w.Enabled, w.CreatedBy, w.CreatedAt);

    // A webhook whose headers this node cannot open (another Secrets:Key) is still listed; its header names are not.
    private static IReadOnlyList<string> HeaderNames(Webhook w, WebhookService service)
    {
        try
        {
            return service.HeaderNames(w);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }
}
