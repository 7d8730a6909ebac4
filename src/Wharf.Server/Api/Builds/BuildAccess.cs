using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary>Who may do what with builds: a repository's builds belong to those who may push to it, as
/// <see cref="AccessPolicy"/> decides (through <see cref="RepositoryRights"/>, capped by a token's scope) — submitting,
/// reading, following the log and cancelling alike, since a log shows what a build did with the submitter's inputs. A
/// personal access token of scope <c>read-write</c> (what CI pushes with) may therefore build; one of scope <c>read</c>
/// may not.
/// Without auth (<c>Builds:AllowWithoutAuth</c>) everyone may. A build on pull (decision 025) may also be read by
/// whoever may pull its image.</summary>
internal static class BuildAccess
{
    /// <summary>401 for anonymous, 403 for an account without push on <paramref name="repository"/>.</summary>
    public static async Task RequirePushAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct)
    {
        if (!AuthEnabled(http))
        {
            return;
        }

        caller.RequireAccount();
        if (!await MayPushAsync(caller, repository, http, ct))
        {
            throw ApiCaller.Forbidden($"building into '{repository}' needs the right to push to it");
        }
    }

    /// <summary>The build, if the caller may see it; otherwise the answer for a build that does not exist (404), or 401
    /// to an anonymous caller, so that the answer never tells whether another repository has builds.</summary>
    public static async Task<BuildRecord> FindVisibleAsync(long id, ApiCaller caller, SqlBuildStore builds, HttpContext http, CancellationToken ct)
    {
        var build = await builds.FindAsync(id, ct);
        if (build is not null && (!AuthEnabled(http) || (!caller.IsAnonymous && await MayPushAsync(caller, build.Spec.Repository, http, ct))
                                  || (build.Spec.Reason == BuildReasons.Pull && await MayPullAsync(caller, build.Spec.Repository, http, ct))))
        {
            return build;
        }

        caller.RequireAccount();
        throw new ApiProblemException(ApiProblem.NotFound("Unknown build", $"there is no build {id} you may see"));
    }

    public static async Task<bool> MayPushAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct) =>
        !AuthEnabled(http)
        || (await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(caller.Principal, repository, ct)).HasFlag(RepositoryAction.Push);

    /// <summary>A build on pull is the image's, not a submitter's: whoever may pull the image may read how it was built
    /// (the URL of its log is in the answer of a pull that waited for it).</summary>
    private static async Task<bool> MayPullAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct) =>
        (await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(caller.Principal, repository, ct)).HasFlag(RepositoryAction.Pull);

    private static bool AuthEnabled(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled;
}
