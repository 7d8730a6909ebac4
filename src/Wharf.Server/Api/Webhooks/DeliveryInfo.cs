using System.Text.Json.Serialization;
using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Webhooks;

/// <summary>A line of a webhook's delivery log (docs/api.md): the event, where its delivery is, and its last attempt.</summary>
/// <param name="Delivery">The id of the POST that carried it (<c>X-Wharf-Delivery</c>), once sent.</param>
internal sealed record DeliveryInfo(
    long Id,
    long WebhookId,
    string EventId,
    string Action,
    string Repository,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<DeliveryState>))] DeliveryState State,
    int Attempts,
    string? Delivery,
    int? StatusCode,
    string? Error,
    long? DurationMs,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    long? RedeliveryOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static DeliveryInfo From(WebhookDelivery d) => new(
        d.Id, d.WebhookId, d.EventId, d.Action, d.Repository, d.State, d.Attempts, d.BatchId, d.StatusCode, d.Error, d.DurationMs,
        d.LastAttemptAt, d.NextAttemptAt, d.RedeliveryOf, d.CreatedAt, d.FinishedAt);
}
