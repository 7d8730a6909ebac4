using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Sources;

namespace Wharf.Build.Steps;

/// <summary>A git repository an ADD adds, resolved to a commit before the step looks in the build cache, as BuildKit
/// keys a git source by the commit its ref resolves to: <see cref="CacheInput"/> is the commit and the options, so an
/// unchanged ref is a cache hit without fetching, and a new commit on it runs the step again. The files come from the
/// builder's kept checkout of that commit (<see cref="GitCheckouts"/>).</summary>
internal sealed record AddedRepository(GitSourceRef Source, ResolvedGitRef Resolved, bool KeepGitDir)
{
    /// <summary>What the step's cache key learns of the repository.</summary>
    public string CacheInput =>
        $"git {Source.Shown} commit={Resolved.Commit} subdir={Source.SubDir} keep-git-dir={KeepGitDir} "
        + $"submodules={Source.Submodules != false} mtime={(Source.MtimeFromCommit ? "commit" : "checkout")}";

    /// <summary>Resolves each repository's ref (<see cref="GitRefResolver"/>); a failure fails the step in one line.</summary>
    public static async Task<IReadOnlyList<AddedRepository>> ResolveAsync(
        IReadOnlyList<GitSourceRef> repositories, Instruction instruction, BuildSession session, CancellationToken ct)
    {
        if (repositories.Count == 0)
        {
            return [];
        }

        var add = (AddInstruction)instruction;
        var git = new GitCli(session.Scratch, session.Request.SshAgents.GetValueOrDefault("default"));
        var resolved = new List<AddedRepository>();
        foreach (var repository in repositories)
        {
            try
            {
                // A shared builder's kept checkouts and cache entries serve only a build that reaches the remote itself.
                var commit = await GitRefResolver.ResolveAsync(repository, add.Checksum ?? repository.Checksum, git, session.Options.ConfirmCachedBlobs, ct);
                resolved.Add(new AddedRepository(repository, commit, add.KeepGitDir ?? repository.KeepGitDir ?? false));
            }
            catch (GitSourceException e)
            {
                throw session.Failure(add, e.Message);
            }
        }

        return resolved;
    }

    /// <summary>The repository's files (its subdir's, with <c>.git</c> when kept) into the destination directory.</summary>
    public async Task CopyIntoAsync(string root, string destination, CopyOwnership owner, Instruction instruction, BuildSession session, CancellationToken ct)
    {
        try
        {
            // .git is kept only for the whole repository (BuildKit's rule).
            var checkout = await new GitCheckouts(Path.Combine(session.Options.StateDirectory, "git")).GetAsync(
                Source, Resolved, KeepGitDir && Source.SubDir is null, session.Request.SshAgents.GetValueOrDefault("default"), session.Log, ct);
            var files = Source.SubDir is null ? checkout : GitCheckout.SubDirectory(checkout, Source.SubDir, Source.Shown);
            FileCopier.Copy(new CopySource(files, "", true), root, destination.TrimEnd('/') is { Length: > 0 } d ? d : "/", owner, _ => false);
        }
        catch (GitSourceException e)
        {
            throw session.Failure(instruction, e.Message);
        }
    }
}
