using System.Globalization;
using Wharf.Registry.Auth;
using Wharf.Registry.Notifications;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Webhooks;

namespace Wharf.Server.Api.Webhooks;

/// <summary><c>/api/v1/webhooks</c>: the endpoints of a repository or a namespace, managed by its administrators
/// (<see cref="WebhookAccess"/>). The secret is generated here and shown once, at creation or replacement.</summary>
internal static class WebhookEndpoints
{
    public static async Task<IResult> CreateAsync(
        HttpContext http, WebhookService service, RepositoryRights rights, IAccountStore accounts, PullNotifications pulls, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, WebhooksJsonContext.Default.WebhookCreation, ct);
        var (repository, space) = WebhookAccess.Scope(body.Repository, body.Namespace);
        await WebhookAccess.RequireAdminAsync(caller, repository, space, rights, ct);
        if (space is not null && await accounts.FindAccountAsync(space, ct) is not { Kind: AccountKind.User or AccountKind.Organisation })
        {
            return ApiProblem.NotFound("Unknown namespace", $"there is no user or organisation '{space}'");
        }

        WebhookInput.RequireKey(service);
        var spec = new WebhookSpec(
            repository, space, body.Url ?? throw new ApiProblemException("url is required"),
            WebhookInput.Actions(body.Actions) ?? WebhookInput.DefaultActions, body.Headers ?? [], body.Enabled ?? true);
        var created = await WebhookInput.Run(() => service.CreateAsync(spec, caller.Name, ct));
        await caller.AuditAsync(accounts, AuditActions.WebhookCreated, created.Webhook.Scope, $"webhook {created.Webhook.Id}", ct);
        pulls.Invalidate();
        http.Response.Headers.Location = Location(created.Webhook.Id);
        return Results.Json(CreatedWebhookInfo.From(created, service), WebhooksJsonContext.Default.CreatedWebhookInfo, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(
        string? repository, string? @namespace, HttpContext http, SqlWebhookStore store, WebhookService service, RepositoryRights rights, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var (name, space) = WebhookAccess.Scope(repository, @namespace);
        await WebhookAccess.RequireAdminAsync(caller, name, space, rights, ct);
        var webhooks = await store.ListAsync(name, space, ct);
        return Results.Json([.. webhooks.Select(w => WebhookInfo.From(w, service))], WebhooksJsonContext.Default.IReadOnlyListWebhookInfo);
    }

    public static async Task<IResult> GetAsync(long id, HttpContext http, SqlWebhookStore store, WebhookService service, RepositoryRights rights, CancellationToken ct)
    {
        var webhook = await WebhookAccess.FindManagedAsync(id, ApiCaller.Of(http), store, rights, ct);
        return Results.Json(WebhookInfo.From(webhook, service), WebhooksJsonContext.Default.WebhookInfo);
    }

    public static async Task<IResult> UpdateAsync(
        long id, HttpContext http, SqlWebhookStore store, WebhookService service, RepositoryRights rights, IAccountStore accounts, PullNotifications pulls,
        CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var webhook = await WebhookAccess.FindManagedAsync(id, caller, store, rights, ct);
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, WebhooksJsonContext.Default.WebhookUpdate, ct);
        var change = new WebhookChange(body.Url, WebhookInput.Actions(body.Actions), body.Headers, body.Enabled);
        var updated = await WebhookInput.Run(() => service.UpdateAsync(id, change, ct))
            ?? throw new ApiProblemException(ApiProblem.NotFound("Unknown webhook", $"webhook {id} was deleted meanwhile"));
        await caller.AuditAsync(accounts, AuditActions.WebhookChanged, webhook.Scope, $"webhook {id}", ct);
        pulls.Invalidate();
        return Results.Json(WebhookInfo.From(updated, service), WebhooksJsonContext.Default.WebhookInfo);
    }

    public static async Task<IResult> DeleteAsync(
        long id, HttpContext http, SqlWebhookStore store, RepositoryRights rights, IAccountStore accounts, PullNotifications pulls, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var webhook = await WebhookAccess.FindManagedAsync(id, caller, store, rights, ct);
        caller.RequireChangeRights();
        await store.DeleteAsync(id, ct);
        await caller.AuditAsync(accounts, AuditActions.WebhookDeleted, webhook.Scope, $"webhook {id}", ct);
        pulls.Invalidate();
        return Results.NoContent();
    }

    public static async Task<IResult> ReplaceSecretAsync(
        long id, HttpContext http, SqlWebhookStore store, WebhookService service, RepositoryRights rights, IAccountStore accounts, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var webhook = await WebhookAccess.FindManagedAsync(id, caller, store, rights, ct);
        caller.RequireChangeRights();
        WebhookInput.RequireKey(service);
        var created = await service.ReplaceSecretAsync(id, ct)
            ?? throw new ApiProblemException(ApiProblem.NotFound("Unknown webhook", $"webhook {id} was deleted meanwhile"));
        await caller.AuditAsync(accounts, AuditActions.WebhookChanged, webhook.Scope, $"webhook {id}: new secret", ct);
        return Results.Json(CreatedWebhookInfo.From(created, service), WebhooksJsonContext.Default.CreatedWebhookInfo);
    }

    public static string Location(long id) => $"{AccountsApi.Prefix}/webhooks/{id.ToString(CultureInfo.InvariantCulture)}";
}
