using System.Globalization;
using Wharf.Oci.Errors;

namespace Wharf.Server.Oci;

/// <summary>The <c>n</c>/<c>last</c> query of tags list and catalog, and the <c>Link</c> header to the next page.</summary>
internal readonly record struct Pagination(int Limit, string? Last, bool LimitRequested)
{
    public static Pagination FromQuery(HttpRequest request, int maxPageSize)
    {
        var last = request.Query["last"].ToString();
        var nText = request.Query["n"].ToString();
        if (nText.Length == 0)
        {
            return new Pagination(maxPageSize, last.Length == 0 ? null : last, false);
        }

        if (!int.TryParse(nText, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new RegistryException(OciErrorCode.PaginationNumberInvalid, $"n must be a non-negative integer, not '{nText}'");
        }

        return new Pagination(Math.Min(n, maxPageSize), last.Length == 0 ? null : last, true);
    }

    /// <summary>Adds <c>Link: &lt;path?n=…&amp;last=…&gt;; rel="next"</c> when the page was full, so a client can ask for more.</summary>
    public void AddNextLink(HttpResponse response, string path, IReadOnlyList<string> page)
    {
        if (Limit > 0 && page.Count == Limit)
        {
            response.Headers.Link = $"<{path}?n={Limit}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        }
    }
}
