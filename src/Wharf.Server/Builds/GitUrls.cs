namespace Wharf.Server.Builds;

/// <summary>The git URLs a build may name: which transport one uses (for <c>Builds:GitProtocols</c>), and how it is
/// shown without the credentials it may carry (<c>https://user:token@host/…</c>).</summary>
public static class GitUrls
{
    /// <summary>The transport: the scheme of <c>SCHEME://…</c>, <c>ssh</c> for scp-like <c>user@host:path</c>; null for
    /// anything else (a local path, an option-like word), which is never cloned.</summary>
    public static string? Protocol(string url)
    {
        if (url.StartsWith('-') || url.Any(char.IsControl) || url.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var name = url[..scheme].ToLowerInvariant();
            return name is "https" or "http" or "ssh" or "git" or "file" ? name : null;
        }

        // scp-like: [user@]host:path, where the part before the first colon has no slash; TRANSPORT::ADDRESS is git's
        // remote-helper syntax (ext::, fd::), never ssh.
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !url[..colon].Contains('/', StringComparison.Ordinal) && !url.Contains("::", StringComparison.Ordinal) ? "ssh" : null;
    }

    /// <summary>The URL with any user information replaced by <c>***</c>, for logs, messages and the API.</summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var start = scheme + 3;
        var end = url.IndexOf('/', start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..start] + "***@" + url[(start + at + 1)..];
    }
}
