using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary><c>/api/v1/visibility</c>: whether a repository is public (anyone may pull it) or private (the default).
/// Reading it needs the right to pull; a caller without it learns nothing, not even that the repository exists.</summary>
internal static class VisibilityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var visibility = api.MapGroup("/visibility").WithTags("visibility");
        visibility.MapGet("", GetAsync)
            .WithSummary("Whether a repository is public (anyone who may pull it)")
            .Produces<VisibilityInfo>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        visibility.MapPut("", SetAsync)
            .WithSummary("Make a repository public or private (repo admin)")
            .WithMetadata(DocumentedBody.Json<VisibilityChange>()).Produces<VisibilityInfo>().ProducesProblem(400).ProducesProblem(403);
    }

    private static async Task<IResult> GetAsync(string? repository, HttpContext http, IAccountStore store, AccessPolicy policy, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var name = ApiInput.Repository(repository);
        var isPublic = await store.IsPublicAsync(name, ct);
        if (!policy.Decide(caller.Principal, name, isPublic).HasFlag(RepositoryAction.Pull))
        {
            // Anonymous: log in and ask again. Logged in: the answer for a repository that does not exist.
            return caller.IsAnonymous
                ? ApiProblem.Unauthorized($"log in to see '{name}'")
                : ApiProblem.NotFound("Unknown repository", $"there is no repository '{name}' you may pull");
        }

        return Results.Json(new VisibilityInfo(name, isPublic), AccountsJsonContext.Default.VisibilityInfo);
    }

    private static async Task<IResult> SetAsync(HttpContext http, AccountActions actions, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        caller.RequireChangeRights();
        var body = await ApiRequestBody.ReadJsonAsync(http, AccountsJsonContext.Default.VisibilityChange, ct);
        await actions.SetVisibilityAsync(caller, body.Repository, body.Public, ct);
        return Results.Json(new VisibilityInfo(body.Repository!, body.Public!.Value), AccountsJsonContext.Default.VisibilityInfo);
    }
}
