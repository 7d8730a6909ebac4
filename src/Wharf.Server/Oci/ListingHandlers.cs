using Microsoft.Extensions.Options;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Server.Options;

namespace Wharf.Server.Oci;

/// <summary>Content discovery: <c>GET /v2/&lt;name&gt;/tags/list</c> and <c>GET /v2/_catalog</c> (filtered per caller).</summary>
internal static class ListingHandlers
{
    public static async Task TagsAsync(OciRequest r)
    {
        var page = Pagination.FromQuery(r.Request, r.Service<IOptions<RegistryOptions>>().Value.MaxPageSize);
        var tags = page.Limit == 0
            ? await RepositoryExistsOrEmpty(r)
            : await r.Service<IMetadataStore>().ListTagsAsync(r.Name.Value, page.Last, page.FetchCount, r.Ct)
              ?? throw new RegistryException(OciErrorCode.NameUnknown, $"repository {r.Name} not known to registry");
        var body = new TagList(r.Name.Value, page.TakePage(r.Response, $"/v2/{r.Name}/tags/list", tags));
        await r.Response.WriteAsJsonAsync(body, OciJsonContext.Default.TagList, cancellationToken: r.Ct);
    }

    public static async Task CatalogAsync(OciRequest r)
    {
        var page = Pagination.FromQuery(r.Request, r.Service<IOptions<RegistryOptions>>().Value.MaxPageSize);
        var names = page.Limit == 0 ? [] : await ListVisibleAsync(r, page.Last, page.FetchCount);
        var body = new Catalog(page.TakePage(r.Response, "/v2/_catalog", names));
        await r.Response.WriteAsJsonAsync(body, OciJsonContext.Default.Catalog, cancellationToken: r.Ct);
    }

    /// <summary>The catalog as its caller may see it (<see cref="VisibleRepositories"/>): everything with auth off, the
    /// token's account as it is now (or anonymous), nothing without a token.</summary>
    private static async Task<IReadOnlyList<string>> ListVisibleAsync(OciRequest r, string? last, int count)
    {
        Principal? who;
        if (r.Caller.IsUnrestricted)
        {
            who = null;
        }
        else if (r.Caller.Token is not { } token)
        {
            return [];
        }
        else
        {
            who = token.IsAnonymous ? Principal.Anonymous : await r.Service<IAccountStore>().FindPrincipalAsync(token.Subject, null, r.Ct) ?? Principal.Anonymous;
        }

        return await r.Service<VisibleRepositories>().ListAsync(who, last, count, r.Ct);
    }

    private static async Task<IReadOnlyList<string>> RepositoryExistsOrEmpty(OciRequest r) =>
        await r.Service<IMetadataStore>().ListTagsAsync(r.Name.Value, null, 1, r.Ct) is null
            ? throw new RegistryException(OciErrorCode.NameUnknown, $"repository {r.Name} not known to registry")
            : [];
}
