using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.GitPull;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary>Who may do what with builds: a repository's builds belong to those who may push to it, as
/// <see cref="AccessPolicy"/> decides (through <see cref="RepositoryRights"/>, capped by a token's scope) — submitting,
/// reading, following the log and cancelling alike, since a log shows what a build did with the submitter's inputs. A
/// personal access token of scope <c>read-write</c> (what CI pushes with) may therefore build; one of scope <c>read</c>
/// may not.
/// Without auth (<c>Builds:AllowWithoutAuth</c>) everyone may. A build on pull (decision 025) may also be read by
/// whoever may pull its image, and so the builds on pull of a <c>git/…</c> repository listed.
/// The rules are decided here once, on a <see cref="Principal"/>, for the API (<see cref="BuildEndpoints"/>, which turns
/// a refusal into 401/403/404) and the web UI's pages (which answer their 404 page).</summary>
internal static class BuildAccess
{
    /// <summary>Whether this server takes builds at all: with accounts, or without them only where
    /// <c>Builds:AllowWithoutAuth</c> says anyone may (decision 017). <see cref="BuildsApiFilter"/>'s rule.</summary>
    public static bool Served(HttpContext http) =>
        AuthEnabled(http) || http.RequestServices.GetRequiredService<IOptions<BuildsOptions>>().Value.AllowWithoutAuth;

    /// <summary>401 for anonymous, 403 for an account without push on the build's repository or on a repository its
    /// <c>--cache-to</c> writes (the worker writes a cache as the submitter, as it pushes the image: decision 019).</summary>
    public static async Task RequirePushAsync(ApiCaller caller, BuildSpec spec, HttpContext http, CancellationToken ct)
    {
        if (!AuthEnabled(http))
        {
            return;
        }

        caller.RequireAccount();
        if (!await MayPushAsync(caller, spec.Repository, http, ct))
        {
            throw ApiCaller.Forbidden($"building into '{spec.Repository}' needs the right to push to it");
        }

        await RequireCachePushAsync(caller.Principal, spec, http, ct);
    }

    /// <summary>403 unless <paramref name="who"/> may push to every repository <paramref name="spec"/>'s
    /// <c>--cache-to</c> writes: asked at submission and of whoever retries the build, whose build it then is.</summary>
    public static async Task RequireCachePushAsync(Principal who, BuildSpec spec, HttpContext http, CancellationToken ct)
    {
        foreach (var repository in spec.CacheTo.Select(t => $"{t.Reference.Repository}").Distinct(StringComparer.Ordinal))
        {
            if (!await MayPushAsync(who, repository, http, ct))
            {
                throw ApiCaller.Forbidden($"exporting the build cache to '{repository}' needs the right to push to it");
            }
        }
    }

    /// <summary>The build, if the caller may see it; otherwise the answer for a build that does not exist (404), or 401
    /// to an anonymous caller, so that the answer never tells whether another repository has builds.</summary>
    public static async Task<BuildRecord> FindVisibleAsync(long id, ApiCaller caller, SqlBuildStore builds, HttpContext http, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, caller.Principal, builds, http, ct) is { } build)
        {
            return build;
        }

        caller.RequireAccount();
        throw new ApiProblemException(ApiProblem.NotFound("Unknown build", $"there is no build {id} you may see"));
    }

    /// <summary>The build, if <paramref name="who"/> may see it (and the server serves builds); null for one that does
    /// not exist and one they may not see alike.</summary>
    public static async Task<BuildRecord?> FindVisibleAsync(long id, Principal who, SqlBuildStore builds, HttpContext http, CancellationToken ct)
    {
        if (!Served(http))
        {
            return null;
        }

        var build = await builds.FindAsync(id, ct);
        return build is not null && (!AuthEnabled(http) || (!who.IsAnonymous && await MayPushAsync(who, build.Spec.Repository, http, ct))
                                     || (build.Spec.Reason == BuildReasons.Pull && await MayPullAsync(who, build.Spec.Repository, http, ct)))
            ? build
            : null;
    }

    /// <summary>Which of <paramref name="repository"/>'s builds <paramref name="who"/> may list: all of them with the push
    /// right; on a <c>git/…</c> repository (where only a server admin pushes) the builds on pull to whoever may pull it,
    /// as each of those may be read (<see cref="FindVisibleAsync(long, Principal, SqlBuildStore, HttpContext, CancellationToken)"/>);
    /// otherwise none.</summary>
    public static async Task<BuildListing> ListingAsync(Principal who, string repository, HttpContext http, CancellationToken ct)
    {
        if (!Served(http))
        {
            return BuildListing.None;
        }

        if (await MayPushAsync(who, repository, http, ct))
        {
            return BuildListing.All;
        }

        return GitPullName.IsUnder(repository) && await MayPullAsync(who, repository, http, ct) ? BuildListing.PullBuilds : BuildListing.None;
    }

    /// <summary>A page of the builds <paramref name="listing"/> allows, newest first.</summary>
    public static Task<IReadOnlyList<BuildRecord>> ListAsync(
        BuildListing listing, string repository, long? before, int limit, SqlBuildStore builds, CancellationToken ct) => listing switch
    {
        BuildListing.All => builds.ListAsync(repository, before, limit, ct),
        BuildListing.PullBuilds => builds.ListAsync(repository, before, limit, ct, reason: BuildReasons.Pull),
        _ => Task.FromResult<IReadOnlyList<BuildRecord>>([]),
    };

    public static Task<bool> MayPushAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct) =>
        MayPushAsync(caller.Principal, repository, http, ct);

    public static async Task<bool> MayPushAsync(Principal who, string repository, HttpContext http, CancellationToken ct) =>
        !AuthEnabled(http)
        || (!who.IsAnonymous
            && (await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(who, repository, ct)).HasFlag(RepositoryAction.Push));

    /// <summary>A build on pull is the image's, not a submitter's: whoever may pull the image may read how it was built
    /// (the URL of its log is in the answer of a pull that waited for it).</summary>
    private static async Task<bool> MayPullAsync(Principal who, string repository, HttpContext http, CancellationToken ct) =>
        (await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(who, repository, ct)).HasFlag(RepositoryAction.Pull);

    private static bool AuthEnabled(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled;
}

/// <summary>What <see cref="BuildAccess.ListingAsync"/> lets a caller list of a repository's builds.</summary>
internal enum BuildListing
{
    None,
    All,
    PullBuilds,
}
