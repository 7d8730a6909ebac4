using System.Security.Cryptography;
using System.Text;
using Wharf.Build.Store;

namespace Wharf.Build.Sources;

/// <summary>
/// Checkouts of git sources kept under the builder's state directory, one per (remote without credentials, commit,
/// whether <c>.git</c> is kept, whether submodules are checked out, <c>mtime</c> mode), as BuildKit keeps a git
/// snapshot per cache key: a second ADD of the same commit copies from here without fetching anything. A checkout is
/// made in a directory of its own and renamed into place whole, so a directory here is always complete and two builds
/// checking out the same commit at once both end with one of them.
/// </summary>
internal sealed class GitCheckouts(string directory)
{
    /// <summary>The directory holding the checkout of <paramref name="resolved"/>, made (<see cref="GitCheckout"/>)
    /// when there is none yet.</summary>
    public async Task<string> GetAsync(
        GitSourceRef source, ResolvedGitRef resolved, bool keepGitDir, string? sshAuthSocket, IBuildLog log, CancellationToken ct)
    {
        var kept = Path.Combine(directory, Key(source, resolved, keepGitDir));
        if (Directory.Exists(kept))
        {
            LastUse.Touch(kept); // a prune removes the least recently used first
            log.Line($"using the checkout of {resolved.Commit}");
            return kept;
        }

        var making = Path.Combine(directory, "making", Guid.NewGuid().ToString("N"));
        try
        {
            await GitCheckout.CheckoutAsync(source, resolved, keepGitDir, making, sshAuthSocket, log, ct);
            try
            {
                Directory.Move(making, kept);
            }
            catch (IOException) when (Directory.Exists(kept))
            {
                // Another build made the same checkout meanwhile: theirs is as good.
            }

            return kept;
        }
        finally
        {
            if (Directory.Exists(making))
            {
                Directory.Delete(making, recursive: true);
            }
        }
    }

    private static string Key(GitSourceRef source, ResolvedGitRef resolved, bool keepGitDir)
    {
        var text = string.Join('\0', source.Shown, resolved.Commit, keepGitDir ? "keep-git-dir" : "", source.Submodules == false ? "" : "submodules",
            source.MtimeFromCommit ? "mtime=commit" : "mtime=checkout");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
