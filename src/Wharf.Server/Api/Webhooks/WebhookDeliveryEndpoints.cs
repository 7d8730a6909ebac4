using Wharf.Registry.Auth;
using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Webhooks;

namespace Wharf.Server.Api.Webhooks;

/// <summary><c>/api/v1/webhooks/{id}/deliveries</c>: a webhook's delivery log, newest first, and redelivering one of its
/// deliveries (the same event, as a new delivery due now).</summary>
internal static class WebhookDeliveryEndpoints
{
    public const int MaxPage = 100;

    public static async Task<IResult> ListAsync(
        long id, string? before, string? limit, HttpContext http, SqlWebhookStore store, RepositoryRights rights, CancellationToken ct)
    {
        var webhook = await WebhookAccess.FindManagedAsync(id, ApiCaller.Of(http), store, rights, ct);
        var after = ApiInput.Number(before, "before", 1, long.MaxValue);
        var count = (int)(ApiInput.Number(limit, "limit", 1, MaxPage) ?? 20);
        var deliveries = await store.ListDeliveriesAsync(webhook.Id, after, count, ct);
        return Results.Json([.. deliveries.Select(DeliveryInfo.From)], WebhooksJsonContext.Default.IReadOnlyListDeliveryInfo);
    }

    public static async Task<IResult> RedeliverAsync(
        long id, long delivery, HttpContext http, SqlWebhookStore store, RepositoryRights rights, IAccountStore accounts, DeliveryWakeup wakeup,
        CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var webhook = await WebhookAccess.FindManagedAsync(id, caller, store, rights, ct);
        caller.RequireChangeRights();
        if (!webhook.Enabled)
        {
            throw new ApiProblemException(ApiProblem.Conflict($"webhook {id} is disabled: enable it first"));
        }

        var redelivery = await store.RedeliverAsync(webhook.Id, delivery, ct)
            ?? throw new ApiProblemException(ApiProblem.NotFound("Unknown delivery", $"webhook {id} has no delivery {delivery} (the log keeps the newest ones)"));
        await caller.AuditAsync(accounts, AuditActions.WebhookChanged, webhook.Scope, $"webhook {id}: redelivery of {delivery}", ct);
        wakeup.Poke();
        return Results.Json(DeliveryInfo.From(redelivery), WebhooksJsonContext.Default.DeliveryInfo, statusCode: StatusCodes.Status202Accepted);
    }
}
