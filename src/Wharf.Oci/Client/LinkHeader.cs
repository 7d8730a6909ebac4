namespace Wharf.Oci.Client;

/// <summary>The <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, as the distribution-spec pages tag lists
/// and catalogs: <c>&lt;/v2/_catalog?last=b&amp;n=2&gt;; rel="next"</c>.</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response, Uri requestUri)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var position = 0;
            while (value.IndexOf('<', position) is var open and >= 0 && value.IndexOf('>', open) is var close and > 0)
            {
                var end = value.IndexOf('<', close);
                var parameters = end < 0 ? value[(close + 1)..] : value[(close + 1)..end];
                if (parameters.Split(';').Any(IsNextRelation))
                {
                    return new Uri(requestUri, value[(open + 1)..close]);
                }

                position = close + 1;
            }
        }

        return null;
    }

    private static bool IsNextRelation(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 &&
            parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase) &&
            parameter[(equals + 1)..].Trim().Trim(',').Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
    }
}
