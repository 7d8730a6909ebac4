using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;
using Wharf.Server.Tests.Infrastructure;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.GitPull;

/// <summary>A Wharf that builds on pull from a real git host on loopback (<see cref="GitHttpServer"/>): <c>git.test</c>
/// (public, its repository path found by asking the host), <c>gh.test</c> (the same host, repositories named by
/// owner/name as on GitHub) and <c>private.test</c> (private). Its build workers run the stand-in builder unless the
/// real one is asked for.</summary>
internal sealed class GitPullServer : IAsyncDisposable
{
    private GitPullServer(BuildsServer builds, GitHttpServer git, string root)
    {
        Builds = builds;
        Git = git;
        Root = root;
    }

    public BuildsServer Builds { get; }

    public GitHttpServer Git { get; }

    /// <summary>The git host's directory: a repository at <c>Root/team/app</c> is <c>git/git.test/team/app</c>.</summary>
    public string Root { get; }

    public HttpClient Client => Builds.Api.Server.Client;

    public string Host => Builds.Api.Server.BaseAddress.Authority;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<GitPullServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool runcBuilder = false)
    {
        var root = Directory.CreateTempSubdirectory("wharf-test-gitpull-").FullName;
        var git = await GitHttpServer.StartAsync(root);
        var all = new Dictionary<string, string?>
        {
            ["Builds:GitProtocols:0"] = "http",
            ["GitPull:Hosts:git.test:Url"] = git.Url.ToString(),
            ["GitPull:Hosts:gh.test:Url"] = git.Url.ToString(),
            ["GitPull:Hosts:gh.test:RepositoryDepth"] = "2",
            ["GitPull:Hosts:private.test:Url"] = git.Url.ToString(),
            ["GitPull:Hosts:private.test:Private"] = "true",
            ["GitPull:RefCacheTime"] = "00:00:00",
            ["GitPull:WaitTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new GitPullServer(await BuildsServer.StartAsync(all, runcBuilder: runcBuilder), git, root);
    }

    public TestGitRepository Repository(string path) => new(Path.Combine(Root, path));

    /// <summary>Pulls from this server as a registry client does (<see cref="GitPullClient"/>).</summary>
    public GitPullClient Pulls => new(Builds);

    public Task<HttpResponseMessage> PullAsync(ApiLogin? who, string repository, string reference, HttpMethod? method = null) =>
        Pulls.PullAsync(who, repository, reference, method);

    public Task<string> DigestAsync(ApiLogin? who, string repository, string reference) => Pulls.DigestAsync(who, repository, reference);

    public Task<(int Status, string Code, string Message)> ErrorAsync(ApiLogin? who, string repository, string reference) =>
        Pulls.ErrorAsync(who, repository, reference);

    /// <summary>How many builds the stand-in builder ran for <paramref name="commit"/>.</summary>
    public int BuildsOf(string commit)
    {
        lock (Builds.Builder.Requests)
        {
            return Builds.Builder.Requests.Count(r => r.BuildArgs.GetValueOrDefault("SOURCE_COMMIT") == commit);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Builds.DisposeAsync();
        await Git.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
