using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wharf.Oci.Errors;

namespace Wharf.Oci.Client;

public sealed partial class RegistryClient
{
    private const int MaxListingBytes = 16 * 1024 * 1024;

    /// <summary>The tags of a repository, page after page (<c>n</c> per page when given) following the registry's
    /// <c>Link</c> headers to the end. NAME_UNKNOWN when the repository does not exist.</summary>
    public IAsyncEnumerable<string> ListTagsAsync(RepositoryName repository, int? pageSize, CancellationToken ct) =>
        ListAsync(Api($"v2/{repository}/tags/list{PageQuery(pageSize)}"), Scopes.Pull(repository), "tags", $"list the tags of {repository}", ct);

    /// <summary>The repositories of the registry (<c>/v2/_catalog</c>), paged like <see cref="ListTagsAsync"/>.
    /// Registries may refuse the catalog (UNSUPPORTED, or DENIED for non-administrators).</summary>
    public IAsyncEnumerable<string> ListRepositoriesAsync(int? pageSize, CancellationToken ct) =>
        ListAsync(Api($"v2/_catalog{PageQuery(pageSize)}"), Scopes.Catalog, "repositories", "list the repositories", ct);

    private async IAsyncEnumerable<string> ListAsync(Uri first, IReadOnlyList<string> scopes, string member, string what, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<Uri>();
        for (Uri? uri = first; uri is not null && seen.Add(uri);)
        {
            var request = new RegistryRequest(HttpMethod.Get, uri, scopes, what);
            List<string> page;
            using (var response = await SendAsync(request, ct))
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw await ErrorAsync(response, request, OciErrorCode.NameUnknown, ct);
                }

                page = ReadPage(await ReadLimitedAsync(response.Content, MaxListingBytes, ct), member, what);
                // distribution-spec: more pages exist only when the registry sends Link; a short page is not the end signal.
                uri = LinkHeader.Next(response, uri);
            }

            foreach (var item in page)
            {
                yield return item;
            }
        }
    }

    private List<string> ReadPage(byte[] body, string member, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(member, out var items) || items.ValueKind == JsonValueKind.Null)
            {
                return []; // Distribution sends "tags": null for a repository whose tags were all deleted
            }

            return items.ValueKind == JsonValueKind.Array
                ? [.. items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)]
                : throw new JsonException($"'{member}' is not an array");
        }
        catch (JsonException e)
        {
            throw new RegistryException(OciErrorCode.Unknown, $"{Host} answered '{what}' with a body that is not a listing: {e.Message}");
        }
    }

    private static string PageQuery(int? pageSize) => pageSize is { } n ? $"?n={n}" : "";
}
