using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;
using Wharf.Registry.Overview;

namespace Wharf.Server.Oci;

/// <summary>The catalog as its caller may see it: only repositories <see cref="RepositoryVisibility"/> (the one rule of
/// every listing: what <see cref="AccessPolicy"/> lets the token's account, or anonymous, pull) shows. Filtered before
/// paging, so a page holds up to <c>n</c> visible names and its <c>Link</c> continues after the last of them.</summary>
internal static class VisibleRepositories
{
    /// <summary>Repositories read per query while filtering; bounded so a caller who sees little costs a few queries.</summary>
    private const int Batch = 200;

    public static async Task<IReadOnlyList<string>> ListAsync(OciRequest r, string? last, int count)
    {
        var metadata = r.Service<IMetadataStore>();
        if (r.Caller.IsUnrestricted)
        {
            return await metadata.ListRepositoriesAsync(last, count, r.Ct); // auth is off
        }

        if (r.Caller.Token is not { } token)
        {
            return [];
        }

        var accounts = r.Service<IAccountStore>();
        var visibility = r.Service<RepositoryVisibility>();
        var principal = token.IsAnonymous ? Principal.Anonymous : await accounts.FindPrincipalAsync(token.Subject, null, r.Ct) ?? Principal.Anonymous;
        var viewer = Viewer.As(principal);
        var visible = new List<string>();
        for (var cursor = last; visible.Count < count;)
        {
            var names = await metadata.ListRepositoriesAsync(cursor, Batch, r.Ct);
            visible.AddRange((await visibility.FilterAsync(viewer, names, r.Ct)).Take(count - visible.Count));
            if (names.Count < Batch)
            {
                break;
            }

            cursor = names[^1];
        }

        return visible;
    }
}
