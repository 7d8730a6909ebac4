using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.Storage;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Builds;

/// <summary><c>/api/v1/builds</c> after submission: one build, a repository's history, the log, cancelling and retrying
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
        var listing = await BuildAccess.ListingAsync(caller.Principal, name, http, ct);
        if (listing == BuildListing.None)
        {
            caller.RequireAccount();
            throw ApiCaller.Forbidden($"the builds of '{name}' are for those who may push to it");
        }

        var list = await BuildAccess.ListAsync(listing, name, after, count, builds, ct);
        return Results.Json([.. list.Select(BuildInfo.From)], BuildsJsonContext.Default.IReadOnlyListBuildInfo);
    }

    public static async Task<IResult> LogAsync(long id, string? follow, HttpContext http, SqlBuildStore builds, BuildLogArchive archive, CancellationToken ct)
    {
        var build = await BuildAccess.FindVisibleAsync(id, ApiCaller.Of(http), builds, http, ct);
        return new BuildLogResult(builds, archive, build.Id, BuildSubmitEndpoint.Flag(follow, "follow"));
    }

    public static async Task<IResult> CancelAsync(long id, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var build = await BuildAccess.FindVisibleAsync(id, caller, builds, http, ct);
        var now = await CancelVisibleAsync(build, caller, http, builds, ct);
        return Results.Json(BuildInfo.From(now), BuildsJsonContext.Default.BuildInfo);
    }

    /// <summary>Cancels a build the caller may see (<see cref="BuildAccess"/>) and audits it; 409 when it has already
    /// ended. The API's and the build page's cancel.</summary>
    public static async Task<BuildRecord> CancelVisibleAsync(BuildRecord build, ApiCaller caller, HttpContext http, SqlBuildStore builds, CancellationToken ct)
    {
        var outcome = await builds.RequestCancelAsync(build.Id, ct);
        if (outcome == CancelOutcome.AlreadyFinished)
        {
            throw new ApiProblemException(ApiProblem.Conflict($"build {build.Id} has already ended ({BuildStates.Word(build.State)})"));
        }

        if (http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), AuditActions.BuildCancelled, build.Spec.Repository, $"build {build.Id}", ct);
        }

        return await builds.FindAsync(build.Id, ct) ?? build;
    }

    /// <summary>Queues a new build of an ended one's spec (<see cref="SqlBuildStore.RetrySpec"/>), submitted by the caller:
    /// seeing the build already takes the push right on its repository, the right a submission needs. 409 while it is
    /// queued or running, when its uploaded context has been collected since it ended, and when it was given secrets
    /// (deleted as it ended: without them it would be another build).</summary>
    public static async Task<IResult> RetryAsync(long id, HttpContext http, SqlBuildStore builds, IBlobStore blobs, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var build = await BuildAccess.FindVisibleAsync(id, caller, builds, http, ct);
        var retry = await RetryVisibleAsync(build, caller, http, builds, blobs, ct);
        http.Response.Headers.Location = $"{AccountsApi.Prefix}/builds/{retry.Id}";
        return Results.Json(BuildInfo.From(retry), BuildsJsonContext.Default.BuildInfo, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Retries a build the caller may see and audits it (the API's and the build page's retry); 409 as
    /// <see cref="RetryAsync"/> says.</summary>
    public static async Task<BuildRecord> RetryVisibleAsync(
        BuildRecord build, ApiCaller caller, HttpContext http, SqlBuildStore builds, IBlobStore blobs, CancellationToken ct)
    {
        var id = build.Id;
        if (!BuildStates.IsFinal(build.State))
        {
            throw new ApiProblemException(ApiProblem.Conflict($"build {id} is {BuildStates.Word(build.State)}: only a build that has ended can be retried"));
        }

        if (build.Spec.HasSecrets)
        {
            var given = string.Join(", ", build.Spec.SecretIds.Select(i => $"--secret id={i}").Concat(build.Spec.SshIds.Select(i => $"--ssh {i}")));
            throw new ApiProblemException(ApiProblem.Conflict(
                $"build {id} was given secrets or ssh key files ({given}), which are deleted when a build ends: submit it again with them"));
        }

        // Seeing the build took the push right on its repository; its cache exports are written as the caller now too.
        await BuildAccess.RequireCachePushAsync(caller.Principal, build.Spec, http, ct);
        var retry = await builds.RetryAsync(build, caller.Name, blobs, ct)
            ?? throw new ApiProblemException(ApiProblem.Conflict(
                $"build {id}'s context {build.Spec.ContextDigest} is no longer in the blob store (a context is collected once its build has ended): submit the build again"));
        if (http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), AuditActions.BuildSubmitted, retry.Spec.Repository,
                $"build {retry.Id}, a retry of build {id}", ct);
        }

        return retry;
    }
}
