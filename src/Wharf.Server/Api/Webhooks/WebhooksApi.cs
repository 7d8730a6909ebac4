using Microsoft.Extensions.Options;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Webhooks;

/// <summary>The webhooks API (<c>/api/v1/webhooks</c>, docs/api.md; decision 022), mapped when <c>Auth:Enabled</c>, as the
/// account endpoints are: webhooks are managed by the administrators of a repository or namespace, which a server without
/// accounts has none of. Every endpoint runs behind <see cref="ApiAuthenticationFilter"/>.</summary>
internal static class WebhooksApi
{
    public static void Map(WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            return;
        }

        var webhooks = app.MapGroup(AccountsApi.Prefix + "/webhooks").WithTags("webhooks");
        webhooks.AddEndpointFilter<ApiAuthenticationFilter>();
        webhooks.MapPost("", WebhookEndpoints.CreateAsync)
            .WithSummary("Register a webhook for a repository or a namespace (its admin); the secret is in this answer only")
            .WithMetadata(DocumentedBody.Json<WebhookCreation>())
            .Produces<CreatedWebhookInfo>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(415);
        webhooks.MapGet("", WebhookEndpoints.ListAsync)
            .WithSummary("The webhooks of a repository (repository=) or a namespace (namespace=), for its admin")
            .Produces<IReadOnlyList<WebhookInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        webhooks.MapGet("/{id:long}", WebhookEndpoints.GetAsync)
            .WithSummary("A webhook: everything but its secret; its headers by name").Produces<WebhookInfo>().ProducesProblem(401).ProducesProblem(404);
        webhooks.MapMethods("/{id:long}", [HttpMethods.Patch], WebhookEndpoints.UpdateAsync)
            .WithSummary("Change a webhook's URL, actions, headers or enabled flag; disabling fails its pending deliveries")
            .WithMetadata(DocumentedBody.Json<WebhookUpdate>())
            .Produces<WebhookInfo>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        webhooks.MapDelete("/{id:long}", WebhookEndpoints.DeleteAsync)
            .WithSummary("Delete a webhook with its delivery log").Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        webhooks.MapPost("/{id:long}/secret", WebhookEndpoints.ReplaceSecretAsync)
            .WithSummary("Give a webhook a new secret, in this answer only; the old one stops signing at once")
            .Produces<CreatedWebhookInfo>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        webhooks.MapGet("/{id:long}/deliveries", WebhookDeliveryEndpoints.ListAsync)
            .WithSummary("A webhook's delivery log, newest first; page with before= the last id")
            .Produces<IReadOnlyList<DeliveryInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        webhooks.MapPost("/{id:long}/deliveries/{delivery:long}/redeliver", WebhookDeliveryEndpoints.RedeliverAsync)
            .WithSummary("Send a delivery's event again, as a new delivery due now")
            .Produces<DeliveryInfo>(202).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
    }
}
