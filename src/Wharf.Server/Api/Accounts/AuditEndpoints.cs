using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>GET /api/v1/audit</c>: the audit log for server administrators, newest first, filtered by actor,
/// action, target and time, paged with <c>before</c> = the last id seen.</summary>
internal static class AuditEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/audit", ListAsync).WithTags("audit")
            .WithSummary("The audit log, newest first (server admin)")
            .Produces<IReadOnlyList<AuditEvent>>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);

    private static async Task<IResult> ListAsync(
        string? actor, string? action, string? target, string? from, string? to, string? before, string? limit, HttpContext http, AccountActions actions, CancellationToken ct) =>
        Results.Json(await actions.ListAuditAsync(ApiCaller.Of(http), actor, action, target, from, to, before, limit, ct), AccountsJsonContext.Default.IReadOnlyListAuditEvent);
}
