using System.Globalization;
using Wharf.Oci.Errors;

namespace Wharf.Server.Oci;

/// <summary>The <c>n</c>/<c>last</c> query of tags list and catalog, and the <c>Link</c> header to the next page.</summary>
internal readonly record struct Pagination(int Limit, string? Last)
{
    public static Pagination FromQuery(HttpRequest request, int maxPageSize)
    {
        var last = request.Query["last"].ToString();
        var nText = request.Query["n"].ToString();
        if (nText.Length == 0)
        {
            return new Pagination(maxPageSize, last.Length == 0 ? null : last);
        }

        if (!nText.All(char.IsAsciiDigit))
        {
            throw new RegistryException(OciErrorCode.PaginationNumberInvalid, $"n must be a non-negative integer, not '{nText}'");
        }

        // Any number of digits is a valid request; more than a page's worth is simply capped.
        var n = long.TryParse(nText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? Math.Min(parsed, maxPageSize) : maxPageSize;
        return new Pagination((int)n, last.Length == 0 ? null : last);
    }

    /// <summary>How many entries to fetch: one more than a page, to learn whether another page follows.</summary>
    public int FetchCount => Limit + 1;

    /// <summary>Trims the one-extra entry off <paramref name="fetched"/> and, when there was one, adds
    /// <c>Link: &lt;path?n=…&amp;last=…&gt;; rel="next"</c> so the client can ask for the rest.</summary>
    public IReadOnlyList<string> TakePage(HttpResponse response, string path, IReadOnlyList<string> fetched)
    {
        if (fetched.Count <= Limit)
        {
            return fetched;
        }

        var page = fetched.Take(Limit).ToList();
        response.Headers.Link = $"<{path}?n={Limit}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        return page;
    }
}
