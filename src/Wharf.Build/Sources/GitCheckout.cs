using System.Globalization;
using Wharf.Build.Native;

namespace Wharf.Build.Sources;

/// <summary>
/// Checks a resolved git source out the way BuildKit's git source does (source/git): the commit
/// <see cref="GitRefResolver"/> found, fetched shallowly by the ref that led to it (by its id when the ref has moved
/// since, or the ref was a commit id; a commit the server will not serve by id is found among its branches and tags),
/// submodules updated unless <c>submodules=false</c>, then either a <c>.git</c> kept (<c>--keep-git-dir</c>, only
/// without a subdir: HEAD detached at the commit, origin without credentials, no reflog) or none at all. Files keep the
/// time of the checkout (BuildKit's default <c>mtime=checkout</c>; a reproducible build clamps them to its epoch like
/// any new file), or all get the commit's time with <c>mtime=commit</c>. <see cref="GitCheckouts"/> keeps the result.
/// </summary>
internal static class GitCheckout
{
    /// <summary>Checks <paramref name="resolved"/> of <paramref name="source"/> out into the new directory
    /// <paramref name="directory"/>, keeping <c>.git</c> when <paramref name="keepGitDir"/>.</summary>
    public static async Task CheckoutAsync(
        GitSourceRef source, ResolvedGitRef resolved, bool keepGitDir, string directory, string? sshAuthSocket, IBuildLog log, CancellationToken ct)
    {
        var commit = resolved.Commit;
        Directory.CreateDirectory(directory);
        var git = new GitCli(directory, sshAuthSocket);
        log.Line($"fetching {source.Shown} at {resolved.Ref ?? commit}");
        await git.RunAsync(ct, "init", "-q");
        await git.RunAsync(ct, "remote", "add", "origin", source.Remote);
        if (!await FetchedAsync(git, resolved.Ref, commit, ct) && !await FetchedAsync(git, commit, commit, ct))
        {
            // A commit the server will not serve by id: fetch its branches and tags and find it there.
            var failure = await git.TryRunAsync(ct, "fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*");
            if (failure is not null || await git.TryRunAsync(ct, "cat-file", "-e", $"{commit}^{{commit}}") is not null)
            {
                throw new GitSourceException($"git fetch of {source.Shown} at {resolved.Ref ?? commit} failed: {failure ?? $"no commit {commit}"}");
            }
        }

        await git.RunAsync(ct, "checkout", "-q", "--detach", commit);
        if (source.Submodules != false && File.Exists(Path.Combine(directory, ".gitmodules")))
        {
            await git.RunAsync(ct, "submodule", "update", "--init", "--recursive", "--depth=1");
        }

        var commitTime = long.Parse((await git.RunAsync(ct, "log", "-1", "--format=%ct", commit)).Trim(), CultureInfo.InvariantCulture);
        if (keepGitDir)
        {
            await git.RunAsync(ct, "remote", "set-url", "origin", source.Shown);
            await git.RunAsync(ct, "reflog", "expire", "--all", "--expire=now");
            File.Delete(Path.Combine(directory, ".git", "FETCH_HEAD"));
        }
        else
        {
            RemoveGitDirectories(directory);
        }

        if (source.MtimeFromCommit)
        {
            SetTimes(directory, commitTime);
        }

        log.Line($"checked out {commit}");
    }

    /// <summary>Whether a shallow fetch of <paramref name="what"/> (a ref or a commit id; null: not tried) brought
    /// <paramref name="commit"/>: a branch that moved since it was resolved brings another.</summary>
    private static async Task<bool> FetchedAsync(GitCli git, string? what, string commit, CancellationToken ct) =>
        what is not null
        && await git.TryRunAsync(ct, "fetch", "-q", "--depth=1", "--no-tags", "origin", what) is null
        && (await git.TryRunAsync(ct, "cat-file", "-e", $"{commit}^{{commit}}")) is null;

    /// <summary>The subdir of a checkout, which must be a directory reached through directories only (never a link).</summary>
    public static string SubDirectory(string checkout, string subDir, string shown)
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
}
