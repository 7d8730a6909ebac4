using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Repositories;

/// <summary>Docker's v1 search, what <c>docker search HOST/TERM</c> asks: <c>GET /v1/_ping</c> (the daemon checks the
/// endpoint first, over HTTPS and then, for an insecure registry, HTTP) and <c>GET /v1/search?q=&amp;n=&amp;page=</c>,
/// answered with the repositories the listing's search finds (<see cref="RepositoryCatalog"/>). A logged-in docker sends
/// the <c>docker login</c> credentials as HTTP Basic; without them the caller is anonymous and sees public repositories.</summary>
internal static class DockerSearchEndpoints
{
    /// <summary>Docker asks for 25 by default and refuses more than 100 itself.</summary>
    private const int DefaultResults = 25;

    public static IResult Ping(HttpContext http)
    {
        // A standalone registry, not an index that hands out X-Docker-Token tokens (moby registry/search_endpoint_v1.go).
        http.Response.Headers["X-Docker-Registry-Standalone"] = "true";
        return Results.Text("{}", "application/json");
    }

    public static async Task<IResult> SearchAsync(string? q, string? n, string? page, HttpContext http, RepositoryCatalog catalog, CancellationToken ct)
    {
        var size = (int)(ApiInput.Number(n, "n", 1, RepositoryInput.MaxPageSize) ?? DefaultResults);
        var query = new RepositoryQuery(RepositoryInput.Search(q), Page: RepositoryInput.Page(page), PageSize: size);
        var result = await catalog.ListAsync(RepositoriesApiFilter.ViewerOf(http), query, ct);
        return Results.Json(
            new DockerSearchResults(
                result.Total, result.PageCount, result.Page, result.PageSize, q ?? "",
                [.. result.Items.Select(r => new DockerSearchResult(r.Name, r.Summary ?? ""))]),
            RepositoriesJsonContext.Default.DockerSearchResults);
    }
}
