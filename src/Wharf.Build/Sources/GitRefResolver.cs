using System.Text.RegularExpressions;

namespace Wharf.Build.Sources;

/// <summary>
/// Resolves a git source's ref to a commit before anything is fetched, as BuildKit's git source does for its cache key
/// (source/git: resolveMetadata, getDefaultBranch): a full commit id (40 or 64 hex digits) is taken as it is; no ref is
/// the branch the remote's HEAD names (<c>git ls-remote --symref URL HEAD</c>); any other ref is looked up with
/// <c>git ls-remote -- URL REF REF^{}</c>, preferring an exact <c>refs/…</c> name, then a branch, then a tag (an
/// annotated tag gives the commit it points to). <c>--checksum</c> must be a prefix of the commit or of the annotated
/// tag's object. A ref the remote does not have fails, short commit ids included, as in BuildKit.
/// </summary>
internal static partial class GitRefResolver
{
    /// <param name="proveAccess">Whether a commit id must still be shown to be readable by this build (one
    /// <c>ls-remote</c>): a shared builder's checkouts and cache entries must not serve a build that cannot reach the
    /// remote itself.</param>
    public static async Task<ResolvedGitRef> ResolveAsync(
        GitSourceRef source, string? checksum, GitCli git, bool proveAccess, CancellationToken ct)
    {
        if (source.Ref is { } named && named.StartsWith('-'))
        {
            throw new GitSourceException($"git ref '{named}' is not a branch, tag or commit name");
        }

        if (checksum is not null && !HexPattern().IsMatch(checksum))
        {
            throw new GitSourceException($"invalid checksum {checksum} for Git URL, expected hex commit hash");
        }

        if (source.Ref is { } given && CommitPattern().IsMatch(given))
        {
            if (checksum is not null && !given.StartsWith(checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new GitSourceException($"expected checksum to match {checksum}, got {given}");
            }

            if (proveAccess)
            {
                await LsRemoteAsync(git, source, ct, "HEAD");
            }

            return new ResolvedGitRef(given, null);
        }

        var reference = source.Ref ?? await DefaultBranchAsync(git, source, ct);
        var listing = await LsRemoteAsync(git, source, ct, "--", source.Remote, reference, reference + "^{}");
        var trimmed = reference.StartsWith("refs/", StringComparison.Ordinal) ? reference["refs/".Length..] : reference;
        var exact = "refs/" + trimmed;
        var head = "refs/heads/" + (reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference);
        var tag = "refs/tags/" + (reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? reference["refs/tags/".Length..] : reference);
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[1].Trim(), p => p[0].Trim(), StringComparer.Ordinal);

        // A branch or an exact ref wins over a tag of the same name, as git checkout prefers it.
        var (sha, used) = lines.TryGetValue(exact, out var e) ? (e, exact)
            : lines.TryGetValue(head, out var h) ? (h, head)
            : lines.TryGetValue(tag, out var t) ? (t, tag)
            : throw new GitSourceException($"repository {source.Shown} does not contain ref {reference}");
        var peeled = used == tag ? lines.GetValueOrDefault(tag + "^{}") : null;
        if (!CommitPattern().IsMatch(sha))
        {
            throw new GitSourceException($"invalid commit sha \"{sha}\" for {reference}");
        }

        if (checksum is not null && !sha.StartsWith(checksum, StringComparison.OrdinalIgnoreCase)
            && peeled?.StartsWith(checksum, StringComparison.OrdinalIgnoreCase) != true)
        {
            throw new GitSourceException($"expected checksum to match {checksum}, got {peeled ?? sha}");
        }

        return new ResolvedGitRef(peeled ?? sha, used);
    }

    /// <summary>The branch the remote's HEAD names, as BuildKit finds it.</summary>
    private static async Task<string> DefaultBranchAsync(GitCli git, GitSourceRef source, CancellationToken ct)
    {
        var listing = await LsRemoteAsync(git, source, ct, "--symref", source.Remote, "HEAD");
        return DefaultBranchPattern().Match(listing) is { Success: true } match
            ? match.Groups[1].Value
            : throw new GitSourceException($"could not find the default branch of {source.Shown}");
    }

    private static async Task<string> LsRemoteAsync(GitCli git, GitSourceRef source, CancellationToken ct, params string[] arguments)
    {
        var all = arguments is ["HEAD"] ? ["--", source.Remote, "HEAD"] : arguments;
        try
        {
            return await git.RunAsync(ct, ["ls-remote", .. all]);
        }
        catch (GitSourceException e)
        {
            throw new GitSourceException($"{source.Shown}: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-fA-F0-9]+$")]
    private static partial Regex HexPattern();

    [GeneratedRegex("^(?:[a-f0-9]{40}|[a-f0-9]{64})$")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"refs/heads/(\S+)")]
    private static partial Regex DefaultBranchPattern();
}
