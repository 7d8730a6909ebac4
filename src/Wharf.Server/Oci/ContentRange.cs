using System.Globalization;
using Wharf.Oci.Errors;

namespace Wharf.Server.Oci;

/// <summary>The <c>Content-Range</c> of a chunk PATCH. The distribution-spec writes it <c>&lt;start&gt;-&lt;end&gt;</c>
/// (inclusive); clients also send <c>bytes start-end</c> and <c>bytes=start-end</c>, and a trailing <c>/total</c>.</summary>
internal readonly record struct ContentRange(long Start, long End)
{
    public long Length => End - Start + 1;

    /// <summary>Null when the header is absent; BLOB_UPLOAD_INVALID when it is present but malformed.</summary>
    public static ContentRange? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.Trim();
        if (text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..].TrimStart('=', ' ');
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 &&
            long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start) &&
            long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var end) &&
            end >= start && end < long.MaxValue)
        {
            return new ContentRange(start, end);
        }

        throw new RegistryException(OciErrorCode.RangeInvalid, $"malformed Content-Range '{header}'");
    }
}
