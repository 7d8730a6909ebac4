using System.Text.RegularExpressions;

namespace Wharf.Build.Sources;

/// <summary>
/// An ADD source that names a git repository, as BuildKit's frontend tells one (dfgitutil.ParseGitRef): an
/// <c>http(s)://</c> URL whose path ends in <c>.git</c>, any <c>git://</c> or <c>ssh://</c> URL, or scp-like
/// <c>user@host:path</c>; <c>file://</c> and plain paths are not git. <c>#ref:subdir</c> picks a branch, tag or commit
/// and a directory; the query form (<c>?ref=</c>, <c>tag=</c>, <c>branch=</c>, <c>subdir=</c>, <c>checksum=</c> or
/// <c>commit=</c>, <c>keep-git-dir</c>, <c>submodules</c>, <c>mtime=checkout|commit</c>) says the same. Null values
/// are "not said".
/// </summary>
internal sealed partial record GitSourceRef(
    string Remote,
    string? Ref,
    string? SubDir,
    string? Checksum,
    bool? KeepGitDir,
    bool? Submodules,
    bool MtimeFromCommit)
{
    /// <summary>The remote as logs and messages show it: without the user information it may carry.</summary>
    public string Shown => Redact(Remote);

    /// <summary>The git source <paramref name="source"/> names; null when it is not one (a URL to download, a path);
    /// <see cref="FormatException"/> for a git source with a query BuildKit refuses.</summary>
    public static GitSourceRef? TryParse(string source)
    {
        if (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal)
            || source.Any(char.IsControl) || source.StartsWith('-'))
        {
            return null;
        }

        var (withoutFragment, fragment) = Cut(source, '#');
        var (remote, query) = Cut(withoutFragment, '?');
        if (SchemePattern().Match(remote) is { Success: true } scheme)
        {
            var name = scheme.Groups[1].Value.ToLowerInvariant();
            var path = PathOf(remote[scheme.Length..]);
            if (name is not ("http" or "https" or "ssh" or "git") || (name is "http" or "https" && !path.EndsWith(".git", StringComparison.Ordinal)))
            {
                return null;
            }
        }
        else if (!ScpPattern().IsMatch(remote))
        {
            return null;
        }

        var (reference, subDir) = fragment is null ? (null, null) : Cut(fragment, ':');
        var parsed = new GitSourceRef(remote, Empty(reference), CleanSubDir(subDir), null, null, null, false);
        return query is null ? parsed : parsed.WithQuery(query);
    }

    /// <summary>The URL with any user information replaced by <c>***</c>.</summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? url : url[..start] + "***@" + url[(start + at + 1)..];
    }

    private GitSourceRef WithQuery(string query)
    {
        var result = this;
        string? tag = null, branch = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (rawKey, rawValue) = Cut(pair, '=');
            var key = Uri.UnescapeDataString(rawKey);
            var value = rawValue is null ? null : Uri.UnescapeDataString(rawValue.Replace('+', ' '));
            if (!seen.Add(key))
            {
                throw new FormatException($"query \"{key}\" has multiple values");
            }

            if (string.IsNullOrEmpty(value) && key is not ("submodules" or "keep-git-dir"))
            {
                throw new FormatException($"query \"{key}\" has no value");
            }

            switch (key)
            {
                case "ref":
                    result = result with { Ref = Agree("ref", result.Ref, value) };
                    break;
                case "tag":
                    tag = value!.StartsWith("refs/tags/", StringComparison.Ordinal) ? value : "refs/tags/" + value;
                    break;
                case "branch":
                    branch = value!.StartsWith("refs/heads/", StringComparison.Ordinal) ? value : "refs/heads/" + value;
                    break;
                case "subdir":
                    result = result with { SubDir = Agree("subdir", result.SubDir, CleanSubDir(value)) };
                    break;
                case "checksum" or "commit":
                    result = result with { Checksum = value };
                    break;
                case "keep-git-dir":
                    result = result with { KeepGitDir = Boolean(key, value) };
                    break;
                case "submodules":
                    result = result with { Submodules = Boolean(key, value) };
                    break;
                case "mtime":
                    result = result with
                    {
                        MtimeFromCommit = value is "commit" || (value is "checkout" ? false
                            : throw new FormatException($"invalid mtime value: \"{value}\" (must be \"checkout\" or \"commit\")")),
                    };
                    break;
                default:
                    throw new FormatException($"unexpected query \"{key}\"");
            }
        }

        if (tag is not null && branch is not null)
        {
            throw new FormatException("branch conflicts with tag");
        }

        return (tag ?? branch) is { } named ? result with { Ref = Agree("ref", result.Ref, named) } : result;
    }

    private static string? Agree(string what, string? current, string? value) =>
        current is null || current == value ? value : throw new FormatException($"{what} conflicts: \"{current}\" vs \"{value}\"");

    private static bool Boolean(string key, string? value) => value switch
    {
        null or "" or "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new FormatException($"invalid {key} value: \"{value}\""),
    };

    /// <summary>"a/../b/" is "b"; "/" and "" are the repository's root (null).</summary>
    private static string? CleanSubDir(string? subDir) =>
        Empty(Context.ContextPath.Clean("/" + (subDir ?? "")).Trim('/'));

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static (string Before, string? After) Cut(string text, char separator) =>
        text.IndexOf(separator, StringComparison.Ordinal) is var at and >= 0 ? (text[..at], text[(at + 1)..]) : (text, null);

    private static string PathOf(string afterScheme) =>
        afterScheme.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? afterScheme[slash..] : "";

    [GeneratedRegex("^([a-zA-Z0-9]+)://")]
    private static partial Regex SchemePattern();

    // BuildKit's sshutil: user@host:path, the user and host of a limited alphabet.
    [GeneratedRegex("^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:.*$")]
    private static partial Regex ScpPattern();
}
