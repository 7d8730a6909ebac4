using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Wharf.Server.Tests.Conformance;

/// <summary>The RFC 5988 <c>Link: &lt;url&gt;; rel="next"</c> header of a paginated listing.</summary>
internal static partial class LinkHeader
{
    /// <summary>The next-page URL, or null when the response has no Link header. Fails on a Link header of another form.</summary>
    public static string? Next(HttpResponseMessage response)
    {
        var link = OciAssert.Header(response, "Link");
        if (link is null)
        {
            return null;
        }

        // "If included, the `Link` header MUST be set according to RFC5988 with the Relation Type `rel="next"`."
        var match = Grammar().Match(link);
        Assert.True(match.Success, $"Link header '{link}' is not <url>; rel=\"next\"");
        return match.Groups["url"].Value;
    }

    /// <summary>Splits a next-page URL into its path and its query parameters.</summary>
    public static (string Path, Dictionary<string, string> Query) Parse(string url)
    {
        var uri = new Uri(new Uri("http://registry.invalid"), url);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return (uri.AbsolutePath, query);
    }

    [GeneratedRegex("""^<(?<url>[^>]+)>;\s*rel="?next"?$""")]
    private static partial Regex Grammar();
}
