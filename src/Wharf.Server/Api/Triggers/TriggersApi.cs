using Microsoft.Extensions.Options;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Triggers;

/// <summary>The triggers API (<c>/api/v1/triggers</c>, docs/api.md): management behind <see cref="BuildsApiFilter"/>
/// like builds, and the webhook receiver, which no account signs in to (the sender proves it knows the trigger's
/// secret) but which is served only where builds are (<see cref="BuildsApiFilter"/>'s rule without auth).</summary>
internal static class TriggersApi
{
    public static void Map(WebApplication app)
    {
        var triggers = app.MapGroup(AccountsApi.Prefix + "/triggers").WithTags("triggers");
        var managed = triggers.MapGroup("");
        managed.AddEndpointFilter<BuildsApiFilter>();
        managed.MapPost("", TriggerEndpoints.CreateAsync)
            .WithSummary("Make a build trigger (admin right on the repository); the answer holds its webhook secret, shown once")
            .WithMetadata(DocumentedBody.Json<TriggerCreation>())
            .Produces<CreatedTrigger>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        managed.MapGet("", TriggerEndpoints.ListAsync)
            .WithSummary("A repository's triggers (push right on it)")
            .Produces<IReadOnlyList<TriggerInfo>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        managed.MapGet("/{id:long}", TriggerEndpoints.GetAsync)
            .WithSummary("A trigger: its remote, rules, state and webhook URL")
            .Produces<TriggerInfo>().ProducesProblem(401).ProducesProblem(404);
        managed.MapDelete("/{id:long}", TriggerEndpoints.DeleteAsync)
            .WithSummary("Delete a trigger (admin right); its builds stay in the history")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        managed.MapPost("/{id:long}/enable", (long id, HttpContext http, Wharf.Registry.Triggers.SqlTriggerStore store, CancellationToken ct) =>
                TriggerEndpoints.SetEnabledAsync(id, true, http, store, ct))
            .WithSummary("Turn a trigger on (admin right), its run of failures counted from zero")
            .Produces<TriggerInfo>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        managed.MapPost("/{id:long}/disable", (long id, HttpContext http, Wharf.Registry.Triggers.SqlTriggerStore store, CancellationToken ct) =>
                TriggerEndpoints.SetEnabledAsync(id, false, http, store, ct))
            .WithSummary("Turn a trigger off (admin right): webhooks are refused until it is on again")
            .Produces<TriggerInfo>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        managed.MapPut("/{id:long}/credential", TriggerCredentialEndpoints.SetAsync)
            .WithSummary("Set or replace the credential for a private remote (admin right): {token, username?} or {sshKey}; never shown again")
            .WithMetadata(DocumentedBody.Json<CredentialInput>())
            .Produces<TriggerInfo>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        managed.MapDelete("/{id:long}/credential", TriggerCredentialEndpoints.RemoveAsync)
            .WithSummary("Remove the credential for the remote (admin right)")
            .Produces<TriggerInfo>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        managed.MapPost("/{id:long}/builds", TriggerEndpoints.BuildNowAsync)
            .WithSummary("Build now: queue the builds the trigger's rules give a branch or tag (push right)")
            .WithMetadata(DocumentedBody.Json<BuildNowRequest>())
            .Produces<IReadOnlyList<TriggeredBuildInfo>>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);

        triggers.MapPost("/{id:long}/webhook", WebhookEndpoint.ReceiveAsync)
            .AddEndpointFilter<WebhookFilter>()
            .WithSummary("Where a git host reports pushes (GitHub, GitLab, Gitea/Forgejo, Bitbucket, or the generic {ref, after} with X-Wharf-Token)")
            .Produces<WebhookAnswer>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);
    }

    /// <summary>The webhook's own filter: no sign-in, but no answer either where this server takes no builds, and every
    /// refusal as ProblemDetails.</summary>
    private sealed class WebhookFilter(IOptions<AuthOptions> auth, IOptions<BuildsOptions> builds) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (!auth.Value.Enabled && !builds.Value.AllowWithoutAuth)
            {
                return ApiProblem.Forbidden("builds need Auth:Enabled on this server (or Builds:AllowWithoutAuth)");
            }

            context.HttpContext.Response.Headers.CacheControl = "no-store";
            try
            {
                return await next(context);
            }
            catch (ApiProblemException e)
            {
                return e.Problem;
            }
        }
    }
}
