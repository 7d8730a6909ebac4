using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Wharf.Oci.Errors;
using Wharf.Server.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>What a <c>git/…</c> name means on its git host, asked with <c>git ls-remote</c> and remembered for
/// <c>GitPull:RefCacheTime</c> (answers and refusals alike; concurrent askers share one question): which leading part
/// of the path is the repository — the host's fixed depth, else the longest prefix the host answers for — and the
/// remote's refs, to turn a tag into a commit.</summary>
public sealed class GitRemotes(IOptions<GitPullOptions> options, IOptions<BuildsOptions> builds, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<RemoteRefs?>> Refs)> _cache = new(StringComparer.Ordinal);

    /// <summary>Short commits looked up in a remote's history: found ones for good (a commit does not move), others for
    /// <c>GitPull:RefCacheTime</c> (it may be pushed since).</summary>
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Lazy<Task<string?>> Commit)> _commits = new(StringComparer.Ordinal);

    public GitPullHost? Host(string name) => options.Value.Hosts.GetValueOrDefault(name);

    /// <summary>The repository's clone URL, its folder (null for its root) and its refs. NAME_UNKNOWN when no prefix of
    /// the path is a repository the host answers for.</summary>
    public async Task<(string Url, string? Folder, RemoteRefs Refs)> LocateAsync(GitPullName name, GitPullHost host, CancellationToken ct)
    {
        if (GitUrls.Protocol(host.Url) is not { } protocol || !builds.Value.AllowedGitProtocols.Contains(protocol))
        {
            throw RegistryException.Telling(OciErrorCode.NameUnknown,
                $"{name}: {name.Host}'s transport is not allowed on this registry (Builds:GitProtocols: {string.Join(", ", builds.Value.AllowedGitProtocols)})");
        }

        var depths = host.RepositoryDepth > 0
            ? host.RepositoryDepth <= name.Path.Count ? [host.RepositoryDepth] : []
            : Enumerable.Range(1, name.Path.Count).Reverse().ToList();
        foreach (var depth in depths)
        {
            var url = UrlOf(host, name.Path.Take(depth));
            if (await RefsAsync(name.Host, url, ct) is { } refs)
            {
                var folder = depth == name.Path.Count ? null : string.Join('/', name.Path.Skip(depth));
                return (url, folder, refs);
            }
        }

        throw RegistryException.Telling(OciErrorCode.NameUnknown, host.RepositoryDepth > name.Path.Count
            ? $"{name}: a repository of {name.Host} is named by {host.RepositoryDepth} path components"
            : $"{name}: no repository of {name.Host} is there (or it is not readable with this registry's credentials)");
    }

    /// <summary>The full id of the commit <paramref name="prefix"/> names in the history of <paramref name="url"/>'s
    /// branches and tags (not only their tips); null when none does. A short id that names several commits, or a remote
    /// that cannot be read, is a MANIFEST_UNKNOWN saying so.</summary>
    public async Task<string?> ExpandCommitAsync(string host, string url, string prefix, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_commits.Count > 10_000)
        {
            _commits.Clear(); // a bound, not a cache policy
        }

        var entry = _commits.AddOrUpdate(
            $"{Key(host, url)}\n{prefix}",
            _ => (now, new Lazy<Task<string?>>(() => ExpandAsync(host, url, prefix))),
            (_, old) => IsFound(old.Commit) || (now - old.At < options.Value.RefCacheTime && !old.Commit.Value.IsFaulted)
                ? old : (now, new Lazy<Task<string?>>(() => ExpandAsync(host, url, prefix))));
        try
        {
            return await entry.Commit.Value.WaitAsync(ct);
        }
        catch (BuildContextException e)
        {
            throw RegistryException.Telling(OciErrorCode.ManifestUnknown, e.Message);
        }

        static bool IsFound(Lazy<Task<string?>> commit) => commit.IsValueCreated && commit.Value.IsCompletedSuccessfully && commit.Value.Result is not null;
    }

    private async Task<string?> ExpandAsync(string host, string url, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await GitContextFetcher.ExpandCommitAsync(url, prefix, builds.Value.AllowedGitProtocols, options.Value.CredentialFor(host, url), timeout.Token);
    }

    /// <summary>Forgets what was learnt of <paramref name="url"/>: a ref not found may have been pushed since.</summary>
    public void Forget(string host, string url) => _cache.TryRemove(Key(host, url), out _);

    /// <summary>Per host as well as URL: two host names for one server may hold different credentials.</summary>
    private static string Key(string host, string url) => $"{host}\n{url}";

    private Task<RemoteRefs?> RefsAsync(string host, string url, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entry = _cache.AddOrUpdate(
            Key(host, url),
            _ => (now, new Lazy<Task<RemoteRefs?>>(() => ListAsync(host, url))),
            (_, old) => now - old.At < options.Value.RefCacheTime && !old.Refs.Value.IsFaulted ? old : (now, new Lazy<Task<RemoteRefs?>>(() => ListAsync(host, url))));
        return entry.Refs.Value.WaitAsync(ct);
    }

    /// <summary>Null when the host does not answer for a repository there (it does not exist, or is private).</summary>
    private async Task<RemoteRefs?> ListAsync(string host, string url)
    {
        var protocols = builds.Value.AllowedGitProtocols;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var credential = options.Value.CredentialFor(host, url);
            var refs = GitContextFetcher.ListRefsAsync(url, protocols, credential, timeout.Token);
            var head = GitContextFetcher.DefaultBranchAsync(url, protocols, credential, timeout.Token);
            return new RemoteRefs(await head, await refs);
        }
        catch (BuildContextException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static string UrlOf(GitPullHost host, IEnumerable<string> path) =>
        host.Url.TrimEnd('/') + "/" + string.Join('/', path) + host.Suffix;
}
