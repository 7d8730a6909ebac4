using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary><c>/api/v1/builds</c> after submission: one build, a repository's history, the log, and cancelling
/// (who may: <see cref="BuildAccess"/>).</summary>
internal static class BuildEndpoints
{
    public const int MaxPage = 100;

    public static async Task<IResult> GetAsync(long id, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var build = await BuildAccess.FindVisibleAsync(id, ApiCaller.Of(http), builds, http, ct);
        return Results.Json(BuildInfo.From(build), BuildsJsonContext.Default.BuildInfo);
    }

    public static async Task<IResult> ListAsync(string? repository, string? before, string? limit, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var name = ApiInput.Repository(repository);
        var after = ApiInput.Number(before, "before", 1, long.MaxValue);
        var count = (int)(ApiInput.Number(limit, "limit", 1, MaxPage) ?? 20);
        if (!await BuildAccess.MayPushAsync(caller, name, http, ct))
        {
            caller.RequireAccount();
            throw ApiCaller.Forbidden($"the builds of '{name}' are for those who may push to it");
        }

        var list = await builds.ListAsync(name, after, count, ct);
        return Results.Json([.. list.Select(BuildInfo.From)], BuildsJsonContext.Default.IReadOnlyListBuildInfo);
    }

    public static async Task<IResult> LogAsync(long id, string? follow, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var build = await BuildAccess.FindVisibleAsync(id, ApiCaller.Of(http), builds, http, ct);
        return new BuildLogResult(builds, build.Id, BuildSubmitEndpoint.Flag(follow, "follow"));
    }

    public static async Task<IResult> CancelAsync(long id, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var build = await BuildAccess.FindVisibleAsync(id, caller, builds, http, ct);
        var outcome = await builds.RequestCancelAsync(build.Id, ct);
        if (outcome == CancelOutcome.AlreadyFinished)
        {
            throw new ApiProblemException(ApiProblem.Conflict($"build {id} has already ended ({BuildStates.Word(build.State)})"));
        }

        if (http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), AuditActions.BuildCancelled, build.Spec.Repository, $"build {id}", ct);
        }

        var now = await builds.FindAsync(build.Id, ct) ?? build;
        return Results.Json(BuildInfo.From(now), BuildsJsonContext.Default.BuildInfo);
    }
}
