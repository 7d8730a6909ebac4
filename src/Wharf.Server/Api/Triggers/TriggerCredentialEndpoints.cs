using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Triggers;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Options;
using Wharf.Server.Triggers;

namespace Wharf.Server.Api.Triggers;

/// <summary><c>PUT</c> and <c>DELETE /api/v1/triggers/{id}/credential</c>: a trigger's credential for its private remote
/// set, replaced or removed by the repository's administrators. The answer is the trigger, which shows only
/// <c>hasCredential</c>: a credential is never shown again.</summary>
internal static class TriggerCredentialEndpoints
{
    public static async Task<IResult> SetAsync(long id, HttpContext http, SqlTriggerStore triggers, SecretKeys keys, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var trigger = await TriggerAccess.FindVisibleAsync(id, caller, triggers, http, ct);
        await TriggerAccess.RequireAdminAsync(caller, trigger.Repository, http, ct);
        var body = await ApiRequestBody.ReadJsonAsync(http, TriggersJsonContext.Default.CredentialInput, ct);
        var credential = TriggerInput.Credential(body, trigger.GitUrl)!;
        var box = keys.Box ?? throw new ApiProblemException(ApiProblem.Conflict(SecretKeys.MissingKey));
        return await ChangeAsync(trigger, credential.Serialize(), box, caller, http, triggers, ct);
    }

    public static async Task<IResult> RemoveAsync(long id, HttpContext http, SqlTriggerStore triggers, SecretKeys keys, CancellationToken ct)
    {
        var caller = ApiCaller.Of(http);
        var trigger = await TriggerAccess.FindVisibleAsync(id, caller, triggers, http, ct);
        await TriggerAccess.RequireAdminAsync(caller, trigger.Repository, http, ct);
        var box = keys.Box ?? throw new ApiProblemException(ApiProblem.Conflict(SecretKeys.MissingKey));
        return await ChangeAsync(trigger, null, box, caller, http, triggers, ct);
    }

    private static async Task<IResult> ChangeAsync(
        BuildTrigger trigger, string? credential, Wharf.Registry.Secrets.SecretBox box, ApiCaller caller, HttpContext http, SqlTriggerStore triggers, CancellationToken ct)
    {
        if (!await triggers.SetCredentialAsync(trigger.Id, credential, box, ct))
        {
            throw new ApiProblemException(ApiProblem.NotFound("Unknown trigger", $"there is no trigger {trigger.Id}"));
        }

        await TriggerAccess.AuditAsync(caller, AuditActions.TriggerChanged, trigger, http, ct);
        return Results.Json(TriggerInfo.From(await triggers.FindAsync(trigger.Id, ct) ?? trigger, http), TriggersJsonContext.Default.TriggerInfo);
    }
}
