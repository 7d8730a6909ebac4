using System.Text.RegularExpressions;

namespace Wharf.Build.Steps;

/// <summary>The name an ADD of a URL gives its file in a destination directory, as BuildKit names it. The Dockerfile
/// frontend (dockerfile2llb/convert_copy.go) takes the last element of the URL's decoded path (Go's path.Base:
/// trailing slashes dropped, so <c>https://host/dir/</c> is <c>dir</c>) and <c>__unnamed__</c> when the path has none
/// (<c>https://host/</c>, <c>https://host</c>), and always hands that to the http source as the file name, so the
/// source never falls back to a Content-Disposition header; the source then makes it safe (source/util/pathutil
/// SafeFileName): trimmed, its last element, and <c>download</c> for "", ".", ".." or a name with a control
/// character.</summary>
internal static partial class UrlFileName
{
    public const string Unnamed = "__unnamed__";

    private const string Fallback = "download";

    public static string Of(string url)
    {
        var name = DecodedPath(url) is { } path && LastElement(path) is var last && last is not ("." or "/") ? last : Unnamed;
        return Safe(name);
    }

    /// <summary>The URL's path, percent-decoded as Go's url.Parse decodes it; null where Go would refuse the URL (a bad
    /// escape).</summary>
    private static string? DecodedPath(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var rest = url[(scheme + 3)..];
        rest = rest.IndexOf('#', StringComparison.Ordinal) is >= 0 and var fragment ? rest[..fragment] : rest;
        rest = rest.IndexOf('?', StringComparison.Ordinal) is >= 0 and var query ? rest[..query] : rest;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var raw = slash < 0 ? "" : rest[slash..];
        return BadEscape().IsMatch(raw) ? null : Uri.UnescapeDataString(raw);
    }

    /// <summary>Go's path.Base: "." for "", "/" for slashes only, else the last element without trailing slashes.</summary>
    private static string LastElement(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static string Safe(string name)
    {
        var last = LastElement(name.Trim());
        return last is "" or "." or ".." or "/" || last.Any(char.IsControl) ? Fallback : last;
    }

    [GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial Regex BadEscape();
}
