using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Build.Native;

namespace Wharf.Build.Sources;

/// <summary>
/// Checks a git source out the way BuildKit's git source does (source/git): one commit fetched shallowly at the ref
/// (the remote's HEAD when none is named; a commit the server will not serve by id is found among its branches and
/// tags), compared with the checksum (a prefix of the commit, or of an annotated tag's object), submodules updated
/// unless <c>submodules=false</c>, then either a <c>.git</c> kept (<c>--keep-git-dir</c>, only without a subdir: HEAD
/// detached at the commit, origin without credentials, no reflog) or none at all. Files keep the time of the checkout
/// (BuildKit's default <c>mtime=checkout</c>; a reproducible build clamps them to its epoch like any new file), or all
/// get the commit's time with <c>mtime=commit</c>.
/// </summary>
internal static partial class GitCheckout
{
    /// <summary>Checks <paramref name="source"/> out into the new directory <paramref name="directory"/>; returns the
    /// directory whose contents ADD copies (the subdir's, when one is named) and the commit.</summary>
    public static async Task<(string Root, string Commit)> CheckoutAsync(
        GitSourceRef source, string? checksum, bool keepGitDir, string directory, string? sshAuthSocket, IBuildLog log, CancellationToken ct)
    {
        var reference = source.Ref ?? "HEAD";
        if (reference.StartsWith('-'))
        {
            throw new GitSourceException($"git ref '{reference}' is not a branch, tag or commit name");
        }

        if (checksum is not null && !HexPattern().IsMatch(checksum))
        {
            throw new GitSourceException($"invalid checksum {checksum} for Git URL, expected hex commit hash");
        }

        Directory.CreateDirectory(directory);
        var git = new GitCli(directory, sshAuthSocket);
        log.Line($"fetching {source.Shown} at {reference}");
        await git.RunAsync(ct, "init", "-q");
        await git.RunAsync(ct, "remote", "add", "origin", source.Remote);
        var target = "FETCH_HEAD";
        if (await git.TryRunAsync(ct, "fetch", "-q", "--depth=1", "--no-tags", "origin", reference) is { } shallowFailure)
        {
            if (!HexPattern().IsMatch(reference))
            {
                throw new GitSourceException($"git fetch of {source.Shown} at {reference} failed: {shallowFailure}");
            }

            // A commit the server will not serve by id: fetch its branches and tags and find it there.
            var failure = await git.TryRunAsync(ct, "fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            target = failure is null && await git.TryRunAsync(ct, "rev-parse", "-q", "--verify", $"{reference}^{{commit}}") is null ? reference
                : throw new GitSourceException($"git fetch of {source.Shown} at {reference} failed: {failure ?? "no such commit"}");
        }

        var commit = (await git.RunAsync(ct, "rev-parse", $"{target}^{{commit}}")).Trim();
        var tagObject = (await git.RunAsync(ct, "rev-parse", target)).Trim();
        if (checksum is not null && !commit.StartsWith(checksum, StringComparison.OrdinalIgnoreCase)
            && !tagObject.StartsWith(checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new GitSourceException($"expected checksum to match {checksum}, got {commit}");
        }

        await git.RunAsync(ct, "checkout", "-q", "--detach", commit);
        if (source.Submodules != false && File.Exists(Path.Combine(directory, ".gitmodules")))
        {
            await git.RunAsync(ct, "submodule", "update", "--init", "--recursive", "--depth=1");
        }

        var commitTime = long.Parse((await git.RunAsync(ct, "log", "-1", "--format=%ct", commit)).Trim(), CultureInfo.InvariantCulture);
        if (keepGitDir && source.SubDir is null)
        {
            await git.RunAsync(ct, "remote", "set-url", "origin", source.Shown);
            await git.RunAsync(ct, "reflog", "expire", "--all", "--expire=now");
            File.Delete(Path.Combine(directory, ".git", "FETCH_HEAD"));
        }
        else
        {
            RemoveGitDirectories(directory);
        }

        var root = source.SubDir is null ? directory : SubDirectory(directory, source.SubDir, source.Shown);
        if (source.MtimeFromCommit)
        {
            SetTimes(root, commitTime);
        }

        log.Line($"checked out {commit}");
        return (root, commit);
    }

    /// <summary>The subdir, which must be a directory reached through directories only (never a link).</summary>
    private static string SubDirectory(string checkout, string subDir, string shown)
    {
        var path = checkout;
        foreach (var part in subDir.Split('/'))
        {
            path = Path.Combine(path, part);
            if (!Directory.Exists(path) || new DirectoryInfo(path).LinkTarget is not null)
            {
                throw new GitSourceException($"{shown}: the subdir {subDir} is not a directory of the repository");
            }
        }

        return path;
    }

    /// <summary>The repository's .git and each submodule's .git file (which points into it).</summary>
    private static void RemoveGitDirectories(string checkout)
    {
        Directory.Delete(Path.Combine(checkout, ".git"), recursive: true);
        foreach (var file in Directory.EnumerateFiles(checkout, ".git", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            File.Delete(file);
        }
    }

    /// <summary>Every file's, link's and directory's time to <paramref name="seconds"/>, directories after their contents.</summary>
    private static void SetTimes(string directory, long seconds)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                SetTimes(entry, seconds);
            }
            else
            {
                LinuxFiles.SetTimes(entry, seconds, 0);
            }
        }

        LinuxFiles.SetTimes(directory, seconds, 0);
    }

    [GeneratedRegex("^[a-fA-F0-9]+$")]
    private static partial Regex HexPattern();
}
