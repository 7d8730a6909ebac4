using Microsoft.Extensions.Options;
using Wharf.Registry.Auth;
using Wharf.Registry.Triggers;
using Wharf.Server.Api.Accounts;
using Wharf.Server.Api.Builds;
using Wharf.Server.Options;

namespace Wharf.Server.Api.Triggers;

/// <summary>Who may do what with triggers: making, changing and deleting one is for a repository's administrators (it
/// decides what the repository's tags become on every push); seeing them and "build now" for those who may push, as
/// with builds (<see cref="BuildAccess"/>). A trigger another caller may not see answers as one that does not exist.
/// Without auth (<c>Builds:AllowWithoutAuth</c>) everyone may. Decided here once, on a <see cref="Principal"/>, for the
/// API and the web UI's trigger pages.</summary>
internal static class TriggerAccess
{
    public static async Task RequireAdminAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct)
    {
        if (AuthEnabled(http))
        {
            caller.RequireAccount();
            if (!await AdministersAsync(caller.Principal, repository, http, ct))
            {
                throw ApiCaller.Forbidden($"only an administrator of '{repository}' can manage its build triggers");
            }
        }
    }

    /// <summary>Whether <paramref name="who"/> may make, change and delete <paramref name="repository"/>'s triggers.</summary>
    public static async Task<bool> AdministersAsync(Principal who, string repository, HttpContext http, CancellationToken ct) =>
        !AuthEnabled(http)
        || (!who.IsAnonymous && await http.RequestServices.GetRequiredService<RepositoryRights>().AdministersAsync(who, repository, ct));

    /// <summary>Whether <paramref name="who"/> may see <paramref name="repository"/>'s triggers and "build now" with them.</summary>
    public static Task<bool> MaySeeAsync(Principal who, string repository, HttpContext http, CancellationToken ct) =>
        BuildAccess.Served(http) ? BuildAccess.MayPushAsync(who, repository, http, ct) : Task.FromResult(false);

    public static async Task<BuildTrigger> FindVisibleAsync(long id, ApiCaller caller, SqlTriggerStore triggers, HttpContext http, CancellationToken ct)
    {
        if (await FindVisibleAsync(id, caller.Principal, triggers, http, ct) is { } trigger)
        {
            return trigger;
        }

        caller.RequireAccount();
        throw new ApiProblemException(ApiProblem.NotFound("Unknown trigger", $"there is no trigger {id} you may see"));
    }

    /// <summary>The trigger, if <paramref name="who"/> may see it; null for one that does not exist and one they may not
    /// see alike.</summary>
    public static async Task<BuildTrigger?> FindVisibleAsync(long id, Principal who, SqlTriggerStore triggers, HttpContext http, CancellationToken ct) =>
        await triggers.FindAsync(id, ct) is { } trigger && await MaySeeAsync(who, trigger.Repository, http, ct) ? trigger : null;

    public static async Task AuditAsync(ApiCaller caller, string action, BuildTrigger trigger, HttpContext http, CancellationToken ct)
    {
        if (AuthEnabled(http))
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), action, trigger.Repository, $"trigger {trigger.Id}", ct);
        }
    }

    private static bool AuthEnabled(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled;
}
