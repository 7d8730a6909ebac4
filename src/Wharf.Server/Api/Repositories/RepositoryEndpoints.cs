using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Repositories;

/// <summary><c>/api/v1/repositories</c>: the listing, one repository, its tags and its description. Names contain slashes,
/// so everything under a name is one catch-all route split by its suffix (<c>…/tags</c>, <c>…/description</c>), as
/// <c>/v2</c> does. A repository the caller may not see is answered exactly like one that does not exist (404).</summary>
internal static class RepositoryEndpoints
{
    private const string TagsSuffix = "/tags";
    private const string DescriptionSuffix = "/description";

    public static async Task<IResult> ListAsync(
        string? q, string? @namespace, string? sort, string? page, string? pageSize, HttpContext http, RepositoryCatalog catalog, CancellationToken ct)
    {
        var (order, descending) = RepositoryInput.RepositorySort(sort);
        var query = new RepositoryQuery(
            RepositoryInput.Search(q), RepositoryInput.Namespace(@namespace), order, descending, RepositoryInput.Page(page), RepositoryInput.PageSize(pageSize));
        var result = await catalog.ListAsync(RepositoriesApiFilter.ViewerOf(http), query, ct);
        return Results.Json(result, RepositoriesJsonContext.Default.ResultPageRepositorySummary);
    }

    /// <summary>GET of <c>{name}</c>, <c>{name}/tags</c> or <c>{name}/description</c>.</summary>
    public static Task<IResult> GetAsync(string path, string? q, string? sort, string? page, string? pageSize, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var viewer = RepositoriesApiFilter.ViewerOf(http);
        if (path.EndsWith(TagsSuffix, StringComparison.Ordinal))
        {
            return TagsAsync(Name(path[..^TagsSuffix.Length]), q, sort, page, pageSize, viewer, services.GetRequiredService<TagCatalog>(), ct);
        }

        if (path.EndsWith(DescriptionSuffix, StringComparison.Ordinal))
        {
            return DescriptionAsync(Name(path[..^DescriptionSuffix.Length]), viewer, services.GetRequiredService<RepositoryDescriptions>(), ct);
        }

        return RepositoryAsync(Name(path), viewer, services.GetRequiredService<RepositoryCatalog>(), ct);
    }

    /// <summary>PUT of <c>{name}/description</c>: repository admins set the Markdown text ("" removes it).</summary>
    public static async Task<IResult> PutAsync(string path, HttpContext http, RepositoryDescriptions descriptions, CancellationToken ct)
    {
        if (!path.EndsWith(DescriptionSuffix, StringComparison.Ordinal))
        {
            return ApiProblem.Of(StatusCodes.Status405MethodNotAllowed, "Method not allowed", "only a repository's description can be changed here: PUT …/{name}/description");
        }

        var name = Name(path[..^DescriptionSuffix.Length]);
        var caller = ApiCaller.Of(http);
        var viewer = RepositoriesApiFilter.ViewerOf(http);
        if (!viewer.SeesEverything)
        {
            caller.RequireChangeRights();
        }

        // Characters of UTF-8 take up to 4 bytes, and JSON escapes some characters into 6.
        var body = await ApiRequestBody.ReadJsonAsync(http, RepositoriesJsonContext.Default.DescriptionChangeInput, 6L * RepositoryDescriptions.MaxLength + 1024, ct);
        var text = body.Description ?? throw new ApiProblemException("description is required (\"\" removes it)");
        switch (await descriptions.SetAsync(viewer, name, text, ct))
        {
            case DescriptionChange.NotFound:
                return NotFound(name);
            case DescriptionChange.Forbidden:
                throw ApiCaller.Forbidden($"only an administrator of '{name}' can change its description");
            case DescriptionChange.TooLong:
                throw new ApiProblemException($"description must be at most {RepositoryDescriptions.MaxLength} characters");
        }

        return await DescriptionAsync(name, viewer, descriptions, ct);
    }

    private static async Task<IResult> RepositoryAsync(string name, Viewer viewer, RepositoryCatalog catalog, CancellationToken ct) =>
        await catalog.FindAsync(viewer, name, ct) is { } found
            ? Results.Json(found, RepositoriesJsonContext.Default.RepositorySummary)
            : NotFound(name);

    private static async Task<IResult> TagsAsync(
        string name, string? q, string? sort, string? page, string? pageSize, Viewer viewer, TagCatalog tags, CancellationToken ct)
    {
        var (order, descending) = RepositoryInput.TagSort(sort);
        var query = new TagQuery(RepositoryInput.Search(q), order, descending, RepositoryInput.Page(page), RepositoryInput.PageSize(pageSize));
        return await tags.ListAsync(viewer, name, query, ct) is { } result
            ? Results.Json(result, RepositoriesJsonContext.Default.ResultPageTagSummary)
            : NotFound(name);
    }

    private static async Task<IResult> DescriptionAsync(string name, Viewer viewer, RepositoryDescriptions descriptions, CancellationToken ct)
    {
        var (found, description) = await descriptions.FindAsync(viewer, name, ct);
        return found
            ? Results.Json(new DescriptionInfo(name, description?.Text, description?.UpdatedAt, description?.UpdatedBy), RepositoriesJsonContext.Default.DescriptionInfo)
            : NotFound(name);
    }

    private static string Name(string text) => ApiInput.Repository(text);

    // The same answer whether the repository does not exist or the caller may not see it.
    private static ApiProblem NotFound(string name) => ApiProblem.NotFound("Unknown repository", $"there is no repository '{name}' you may see");
}
