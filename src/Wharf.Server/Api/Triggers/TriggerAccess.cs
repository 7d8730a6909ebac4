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
/// Without auth (<c>Builds:AllowWithoutAuth</c>) everyone may.</summary>
internal static class TriggerAccess
{
    public static async Task RequireAdminAsync(ApiCaller caller, string repository, HttpContext http, CancellationToken ct)
    {
        if (AuthEnabled(http))
        {
            caller.RequireAccount();
            if (!(await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(caller.Principal, repository, ct)).HasFlag(RepositoryAction.Delete))
            {
                throw ApiCaller.Forbidden($"only an administrator of '{repository}' can manage its build triggers");
            }
        }
    }

    public static async Task<BuildTrigger> FindVisibleAsync(long id, ApiCaller caller, SqlTriggerStore triggers, HttpContext http, CancellationToken ct)
    {
        var trigger = await triggers.FindAsync(id, ct);
        if (trigger is not null && (!AuthEnabled(http) || (!caller.IsAnonymous && await BuildAccess.MayPushAsync(caller, trigger.Repository, http, ct))))
        {
            return trigger;
        }

        caller.RequireAccount();
        throw new ApiProblemException(ApiProblem.NotFound("Unknown trigger", $"there is no trigger {id} you may see"));
    }

    public static async Task AuditAsync(ApiCaller caller, string action, BuildTrigger trigger, HttpContext http, CancellationToken ct)
    {
        if (AuthEnabled(http))
        {
            await caller.AuditAsync(http.RequestServices.GetRequiredService<IAccountStore>(), action, trigger.Repository, $"trigger {trigger.Id}", ct);
        }
    }

    private static bool AuthEnabled(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled;
}
