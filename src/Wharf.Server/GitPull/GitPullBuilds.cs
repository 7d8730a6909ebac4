using Microsoft.Extensions.Options;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Builds;
using Wharf.Registry.GitPulls;
using Wharf.Registry.Manifests;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>The one place a pull of <c>git/&lt;host&gt;/&lt;repository&gt;[/&lt;folder&gt;]:&lt;ref&gt;</c> becomes an
/// image (decision 025). The ref is resolved to a commit on the git host (<see cref="GitRemotes"/>); the image of that
/// commit and folder is the repository's manifest tagged with the full commit id, so a finished build answers at once
/// and a later pull by digest is stable. Otherwise one build is queued through the ordinary build queue — the claim in
/// <see cref="SqlGitPullStore"/> makes concurrent pulls on any node join it — and the pull waits for it up to
/// <c>GitPull:WaitTimeout</c>. A build still running, or failed, is answered with a registry error docker prints: what
/// is built, its current step or failure, and the URL of its log.</summary>
public sealed class GitPullBuilds(
    GitRemotes remotes, SqlGitPullStore claims, SqlBuildStore builds, ManifestService manifests, IOptions<GitPullOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>When this process last recorded a pull of each image: a pull of a built image writes nothing more often
    /// than <see cref="SqlGitPullStore.TouchInterval"/> (a no-op UPDATE still takes SQLite's write lock).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _touched = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.Enabled;

    /// <summary>The reference to serve for <paramref name="tag"/> of <paramref name="name"/>: the commit tag of a built
    /// image, after building it if need be.</summary>
    public async Task<Reference> ResolveAsync(RepositoryName name, string tag, GitPullCaller caller, CancellationToken ct)
    {
        var target = GitPullName.Parse(name)
            ?? throw RegistryException.Telling(OciErrorCode.NameUnknown, $"{name}: a git reference is git/<host>/<repository path>[/<folder>]");
        var host = remotes.Host(target.Host)
            ?? throw RegistryException.Telling(OciErrorCode.NameUnknown, $"{name}: {target.Host} is not a git host this registry builds from");
        var (url, folder, refs) = await remotes.LocateAsync(target, host, ct);
        var commit = refs.Resolve(tag)
            ?? (GitPullRef.LooksLikeCommit(tag) ? await remotes.ExpandCommitAsync(target.Host, url, tag, ct) : null);
        if (commit is null)
        {
            remotes.Forget(target.Host, url);
            throw RegistryException.Telling(OciErrorCode.ManifestUnknown,
                $"{target}: '{GitPullRef.RefName(tag)}' is no branch, tag or commit of it (a '/' in a ref is written '__')");
        }

        var image = Reference.ForTag(commit);
        var what = new Target(name.Value, commit, $"{target}:{tag}{(tag == commit ? "" : $" ({commit[..12]})")}");
        if (await manifests.FindAsync(name, image, ct) is not null)
        {
            await TouchAsync(name.Value, commit, ct);
            return image;
        }

        await BuildAsync(what, new GitContext(url, commit, folder), tag, caller, ct);
        return image;
    }

    private async Task TouchAsync(string repository, string commit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = $"{repository}@{commit}";
        if (_touched.TryGetValue(key, out var last) && now - last < SqlGitPullStore.TouchInterval)
        {
            return;
        }

        if (_touched.Count > 100_000)
        {
            _touched.Clear(); // a bound, not a cache policy: at worst each image is touched once more
        }

        _touched[key] = now;
        await claims.TouchAsync(repository, commit, ct);
    }

    private sealed record Target(string Repository, string Commit, string Shown);

    /// <summary>Returns once the image is there; throws the answer a pull gets otherwise.</summary>
    private async Task BuildAsync(Target target, GitContext git, string tag, GitPullCaller caller, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.WaitTimeout;
        while (true)
        {
            var ended = builds.Ended.Next;
            var claim = await claims.FindAsync(target.Repository, target.Commit, ct);
            var build = claim?.BuildId is { } id ? await builds.FindAsync(id, ct) : null;
            if (claim is null || (claim.BuildId is { } && (build is null || await ReplaceableAsync(target, build, ct))))
            {
                // Nobody is building it, or what was built can no longer give it: this caller queues a new build.
                await ClaimAsync(target, git, tag, caller, claim?.BuildId, ct);
                continue;
            }

            if (build is { State: BuildState.Succeeded })
            {
                return;
            }

            if (build is { State: BuildState.Failed })
            {
                throw RegistryException.Telling(OciErrorCode.ManifestUnknown,
                    $"building {target.Shown} failed: {build.Error}; log: {LogUrl(caller, build.Id)}");
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw await StillBuildingAsync(target, build, caller, ct);
            }

            // A claim whose build is not named yet, or a build queued or running: wait for it (on any node; at once
            // when it ends on this one).
            await BuildSignal.WaitAsync(ended, PollInterval, time, ct);
        }
    }

    /// <summary>A build that cannot give the image any more: cancelled, succeeded but its image deleted since, or failed
    /// longer than <c>GitPull:RetryFailedAfter</c> ago.</summary>
    private async Task<bool> ReplaceableAsync(Target target, BuildRecord build, CancellationToken ct) => build.State switch
    {
        BuildState.Cancelled => true,
        BuildState.Succeeded => await manifests.FindAsync(RepositoryName.Parse(target.Repository), Reference.ForTag(target.Commit), ct) is null,
        BuildState.Failed => build.FinishedAt is { } finished && time.GetUtcNow() - finished >= options.Value.RetryFailedAfter,
        _ => false,
    };

    /// <summary>Claims the commit and queues its build, unless another caller won the claim.</summary>
    private async Task ClaimAsync(Target target, GitContext git, string tag, GitPullCaller caller, long? replacing, CancellationToken ct)
    {
        var (active, today) = await claims.CountAsync(caller.QuotaKey, time.GetUtcNow().AddDays(-1), ct);
        if (active >= options.Value.MaxConcurrentPerCaller || today >= options.Value.MaxDailyPerCaller)
        {
            throw RegistryException.Telling(OciErrorCode.TooManyRequests, active >= options.Value.MaxConcurrentPerCaller
                ? $"{target.Shown} is not built yet, and {active} builds on pull of yours are running (GitPull:MaxConcurrentPerCaller); pull again when one is done"
                : $"{target.Shown} is not built yet, and you started {today} builds on pull in the last 24 hours (GitPull:MaxDailyPerCaller)");
        }

        if (!await claims.ClaimAsync(target.Repository, target.Commit, caller.QuotaKey, replacing, ct))
        {
            return;
        }

        // Claimed: queue it even if this pull goes away now, or every other pull waits out the claim's timeout.
        var none = CancellationToken.None;
        var build = await builds.EnqueueAsync(new BuildSpec
        {
            Repository = target.Repository,
            Tags = [target.Commit],
            RequestedBy = caller.Account,
            Git = git,
            BuildArgs = new Dictionary<string, string>
            {
                ["SOURCE_BRANCH"] = GitPullRef.RefName(tag),
                ["SOURCE_COMMIT"] = target.Commit,
            },
            RegistryHost = caller.RegistryHost,
            Reason = BuildReasons.Pull,
        }, none);
        await claims.SetBuildAsync(target.Repository, target.Commit, build.Id, none);
    }

    private async Task<RegistryException> StillBuildingAsync(Target target, BuildRecord? build, GitPullCaller caller, CancellationToken ct)
    {
        if (build is null)
        {
            return RegistryException.Telling(OciErrorCode.ManifestUnknown, $"{target.Shown} is about to be built; pull again in a moment");
        }

        var step = build.State == BuildState.Queued ? "waiting for a build worker" : await claims.CurrentStepAsync(build.Id, ct) ?? "starting";
        return RegistryException.Telling(OciErrorCode.ManifestUnknown,
            $"{target.Shown} is being built (build {build.Id}: {step}); log: {LogUrl(caller, build.Id)}; pull again to get it when it is done");
    }

    private static string LogUrl(GitPullCaller caller, long build) => $"{caller.BaseUrl}/api/v1/builds/{build}/log";
}
