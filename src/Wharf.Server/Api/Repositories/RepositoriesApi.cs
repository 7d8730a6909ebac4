using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Repositories;

/// <summary>The read side of the web UI as JSON (<c>/api/v1/repositories</c>, <c>/api/v1/storage</c>; docs/api.md) and
/// Docker's <c>/v1/search</c>, mapped whatever <c>Auth:Enabled</c> says; every endpoint runs behind
/// <see cref="RepositoriesApiFilter"/>.</summary>
internal static class RepositoriesApi
{
    public static void Map(WebApplication app)
    {
        var repositories = app.MapGroup(AccountsApi.Prefix + "/repositories").WithTags("repositories");
        repositories.AddEndpointFilter<RepositoriesApiFilter>();
        repositories.MapGet("", RepositoryEndpoints.ListAsync)
            .WithSummary("Repositories the caller may see, with tag count, last push, pulls; q searches names and descriptions; sort=name|pushed|pulls (- for descending)")
            .Produces<ResultPage<RepositorySummary>>().ProducesProblem(400).ProducesProblem(401);
        repositories.MapGet("/{**path}", RepositoryEndpoints.GetAsync)
            .WithSummary("{name}: one repository; {name}/tags: its tags (q, sort=name|pushed|size, page, pageSize); {name}/description: its Markdown description")
            .Produces<RepositorySummary>().Produces<ResultPage<TagSummary>>().Produces<DescriptionInfo>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        repositories.MapPut("/{**path}", RepositoryEndpoints.PutAsync)
            .WithSummary("{name}/description: set the repository's Markdown description, \"\" to remove it (repository admin)")
            .WithMetadata(DocumentedBody.Json<DescriptionChangeInput>())
            .Produces<DescriptionInfo>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413);

        app.MapGet(AccountsApi.Prefix + "/storage", StorageEndpoint.GetAsync)
            .WithTags("repositories").AddEndpointFilter<RepositoriesApiFilter>()
            .WithSummary("Bytes per namespace and repository (shared blobs once per namespace and overall) and the largest repositories, as far as the caller may see")
            .Produces<StorageOverview>().ProducesProblem(400).ProducesProblem(401);

        app.MapGet("/v1/_ping", DockerSearchEndpoints.Ping);
        app.MapGet("/v1/search", DockerSearchEndpoints.SearchAsync).AddEndpointFilter<RepositoriesApiFilter>();
    }
}
