using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Builds;
using Wharf.Registry.Triggers;
using Wharf.Registry.Triggers.Webhooks;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;
using Wharf.Server.Builds;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Triggers;

/// <summary><c>/api/v1/triggers</c>: making a trigger (its webhook secret shown once), listing a repository's, one
/// trigger, turning it on or off, deleting it, and "build now" (who may: <see cref="TriggerAccess"/>).</summary>
internal static class TriggerEndpoints
{
    public const int DefaultDisableAfterFailures = 5;

    public static async Task<IResult> CreateAsync(HttpContext http, SqlTriggerStore triggers, SecretKeys keys, IOptions<BuildsOptions> options, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var body = await ApiRequestBody.ReadJsonAsync(http, TriggersJsonContext.Default.TriggerCreation, ct);
        var repository = ApiInput.Repository(body.Repository);
        var protocols = options.Value.AllowedGitProtocols;
        var url = BuildInput.Git(new GitSource(body.GitUrl), protocols).Url;
        var disableAfter = body.DisableAfterFailures ?? DefaultDisableAfterFailures;
        if (disableAfter is < 0 or > 1000)
        {
            throw new ApiProblemException("disableAfterFailures must be 0 (never) to 1000");
        }

        if (body.PollIntervalSeconds is < 1 or > 86_400)
        {
            throw new ApiProblemException("pollIntervalSeconds must be 1 to 86400 (a day)");
        }

        var credential = TriggerInput.Credential(body.Credential, url);
        await TriggerAccess.RequireAdminAsync(caller, repository, http, ct);
        var box = keys.Box ?? throw new ApiProblemException(ApiProblem.Conflict(SecretKeys.MissingKey));
        var defaultBranch = body.Rules is null or { Count: 0 } ? await DefaultBranchAsync(url, protocols, credential, ct) : null;
        var rules = TriggerInput.Rules(body.Rules, () => defaultBranch!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var trigger = await triggers.CreateAsync(new NewTrigger(repository, url, rules, secret, credential?.Serialize(), disableAfter,
            body.PollIntervalSeconds is { } poll ? TimeSpan.FromSeconds(poll) : null, RegistryHost(http), caller.Name)
        {
            RebuildOnBaseImage = body.RebuildOnBaseImage ?? true,
        }, box, ct);
        await TriggerAccess.AuditAsync(caller, AuditActions.TriggerCreated, trigger, http, ct);
        http.Response.Headers.Location = $"{AccountsApi.Prefix}/triggers/{trigger.Id}";
        return Results.Json(new CreatedTrigger(TriggerInfo.From(trigger, http, []), secret), TriggersJsonContext.Default.CreatedTrigger, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListAsync(string? repository, HttpContext http, SqlTriggerStore triggers, SqlBaseImageStore baseImages, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var name = ApiInput.Repository(repository);
        if (!await TriggerAccess.MaySeeAsync(caller.Principal, name, http, ct))
        {
            caller.RequireAccount();
            throw ApiCaller.Forbidden($"the triggers of '{name}' are for those who may push to it");
        }

        var list = await triggers.ListAsync(name, ct);
        var watched = await baseImages.ListWatchedAsync([.. list.Select(t => t.Id)], ct);
        return Results.Json([.. list.Select(t => TriggerInfo.From(t, http, watched))], TriggersJsonContext.Default.IReadOnlyListTriggerInfo);
    }

    public static async Task<IResult> GetAsync(long id, HttpContext http, SqlTriggerStore triggers, SqlBaseImageStore baseImages, CancellationToken ct)
    {
        var trigger = await TriggerAccess.FindVisibleAsync(id, ApiCaller.Of(http), triggers, http, ct);
        return Results.Json(TriggerInfo.From(trigger, http, await baseImages.ListWatchedAsync([id], ct)), TriggersJsonContext.Default.TriggerInfo);
    }

    public static async Task<IResult> DeleteAsync(long id, HttpContext http, SqlTriggerStore triggers, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var trigger = await TriggerAccess.FindVisibleAsync(id, caller, triggers, http, ct);
        await TriggerAccess.RequireAdminAsync(caller, trigger.Repository, http, ct);
        await triggers.DeleteAsync(id, ct);
        await TriggerAccess.AuditAsync(caller, AuditActions.TriggerDeleted, trigger, http, ct);
        return Results.NoContent();
    }

    public static async Task<IResult> SetEnabledAsync(
        long id, bool enabled, HttpContext http, SqlTriggerStore triggers, SqlBaseImageStore baseImages, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var trigger = await TriggerAccess.FindVisibleAsync(id, caller, triggers, http, ct);
        await SetEnabledVisibleAsync(trigger, enabled, caller, http, triggers, ct);
        return Results.Json(
            TriggerInfo.From(await triggers.FindAsync(id, ct) ?? trigger, http, await baseImages.ListWatchedAsync([id], ct)), TriggersJsonContext.Default.TriggerInfo);
    }

    /// <summary>Turns a trigger the caller may see on or off: 403 unless they administer its repository; audited. The
    /// API's and the trigger page's.</summary>
    public static async Task SetEnabledVisibleAsync(BuildTrigger trigger, bool enabled, ApiCaller caller, HttpContext http, SqlTriggerStore triggers, CancellationToken ct)
    {
        await TriggerAccess.RequireAdminAsync(caller, trigger.Repository, http, ct);
        await triggers.SetEnabledAsync(trigger.Id, enabled, ct);
        await TriggerAccess.AuditAsync(caller, AuditActions.TriggerChanged, trigger, http, ct);
    }

    /// <summary>"Build now" for a branch or tag: every rule that takes it, autobuild or not, and even when the trigger is off.</summary>
    public static async Task<IResult> BuildNowAsync(long id, HttpContext http, SqlTriggerStore triggers, TriggerBuilds triggerBuilds, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var trigger = await TriggerAccess.FindVisibleAsync(id, caller, triggers, http, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, TriggersJsonContext.Default.BuildNowRequest, ct);
        var queued = await QueueBuildNowAsync(trigger, body.Ref, body.Commit, http, triggerBuilds, ct);
        return Results.Json([.. queued.Select(TriggeredBuildInfo.From)], TriggersJsonContext.Default.IReadOnlyListTriggeredBuildInfo,
            statusCode: queued.Any(b => b.BuildId is not null) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary>"Build now" of a trigger the caller may see, for a branch or tag (and maybe a commit): the API's and the
    /// trigger page's. 400 (<see cref="ApiProblemException"/>) for a ref or commit that is not one.</summary>
    public static async Task<IReadOnlyList<TriggeredBuild>> QueueBuildNowAsync(
        BuildTrigger trigger, string? refText, string? commit, HttpContext http, TriggerBuilds triggerBuilds, CancellationToken ct)
    {
        var gitRef = refText is { Length: > 0 } r ? GitRef.Parse(r) ?? GitRef.Parse("refs/heads/" + r) : null;
        if (gitRef is null || gitRef.Name.StartsWith('-') || gitRef.Name.Any(char.IsWhiteSpace))
        {
            throw new ApiProblemException("ref must be a branch or tag: refs/heads/NAME, refs/tags/NAME, or a branch name");
        }

        if (commit is not null && !GitWebhooks.IsCommit(commit))
        {
            throw new ApiProblemException("commit must be a full commit id (40 or 64 hex digits)");
        }

        return await triggerBuilds.QueueAsync(trigger, [new RefUpdate(gitRef, commit?.ToLowerInvariant(), null)], BuildReasons.Manual, RegistryHost(http), manual: true, ct);
    }

    /// <summary>What the caller calls this registry, as a build's FROM would name it (decision 017).</summary>
    public static string? RegistryHost(HttpContext http) =>
        http.Request.Host.HasValue ? http.Request.Host.Value!.ToLowerInvariant() : null;

    private static async Task<string> DefaultBranchAsync(string url, IReadOnlyCollection<string> protocols, GitCredential? credential, CancellationToken ct)
    {
        try
        {
            return await GitContextFetcher.DefaultBranchAsync(url, protocols, credential, ct);
        }
        catch (BuildContextException e)
        {
            throw new ApiProblemException($"the default rule builds the remote's default branch, which could not be found ({e.Message}): give rules");
        }
    }
}
