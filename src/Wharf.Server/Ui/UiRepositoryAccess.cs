using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Overview;

namespace Wharf.Server.Ui;

/// <summary>What the home and repository pages ask about the caller: the <see cref="Viewer"/> the overview services
/// filter by (everyone sees everything when the registry has no accounts, as on <c>/v2</c>), and whether the caller may
/// delete in a repository — the rule of <c>DELETE /v2/…/manifests/…</c> (<see cref="RepositoryRights.DecideAsync"/>
/// granting <see cref="RepositoryAction.Delete"/>, which <c>OciGate</c> asks too), which is also "repo admin"
/// (<see cref="RepositoryRights.AdministersAsync"/>: description, visibility, grants).</summary>
internal static class UiRepositoryAccess
{
    public static Viewer ViewerOf(HttpContext http) =>
        UiCaller.AccountsEnabled(http) ? Viewer.As(UiCaller.PrincipalOf(http)) : Viewer.Everyone;

    /// <summary>Whether the caller may delete tags of <paramref name="repository"/> — which is also administering it (its
    /// description, visibility and grants; <see cref="RepositoryRights.AdministersAsync"/> asks the same): anyone
    /// without accounts, though visibility and grants then mean nothing; else whoever the access policy grants
    /// <c>delete</c> there.</summary>
    public static async Task<bool> MayDeleteAsync(HttpContext http, string repository, CancellationToken ct) =>
        !UiCaller.AccountsEnabled(http)
        || (await http.RequestServices.GetRequiredService<RepositoryRights>().DecideAsync(UiCaller.PrincipalOf(http), repository, ct)).HasFlag(RepositoryAction.Delete);

    /// <summary>The caller as the registry's services record it (events, audit log, webhooks).</summary>
    public static RegistryActor ActorOf(HttpContext http) => new(
        UiCaller.AccountsEnabled(http) ? UiCaller.PrincipalOf(http).Name : "",
        http.Connection.RemoteIpAddress?.ToString(),
        new RegistryRequest(http.TraceIdentifier, http.Request.Method, http.Request.Host.Value ?? "", http.Request.Headers.UserAgent.ToString(), http.Request.IsHttps));
}
