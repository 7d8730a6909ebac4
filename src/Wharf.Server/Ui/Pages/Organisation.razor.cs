using Microsoft.AspNetCore.Components;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Server.Api.Accounts;
using RegistryAccount = Wharf.Registry.Auth.Account;

namespace Wharf.Server.Ui.Pages;

/// <summary>The organisation page's state and form handlers (<c>/orgs/{org}</c>; its markup is Organisation.razor),
/// every change through <see cref="AccountActions"/>.</summary>
public partial class Organisation
{
    /// <summary>The organisation's repositories listed with their grants, at most; more are reached by the grant form.</summary>
    private const int MaxRepositories = 100;

    private RegistryAccount? _organisation;
    private IReadOnlyList<Team> _teams = [];
    private IReadOnlyList<RegistryAccount> _robots = [];
    private SortedDictionary<string, IReadOnlyList<RepositoryGrant>> _grants = new(StringComparer.Ordinal);
    private (string Robot, string Secret)? _robotSecret;
    private string? _error;
    private string? _done;

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Parameter]
    public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "done")]
    public string? Done { get; set; }

    [SupplyParameterFromQuery(Name = "repository")]
    public string? ShownRepository { get; set; }

    /// <summary><c>?delete=1</c>: the confirmation step before the organisation is deleted.</summary>
    [SupplyParameterFromQuery(Name = "delete")]
    public string? DeleteText { get; set; }

    [SupplyParameterFromForm(FormName = "create-team")]
    public AccountForm? CreateTeam { get; set; }

    [SupplyParameterFromForm(FormName = "delete-team")]
    public AccountForm? DeleteTeam { get; set; }

    [SupplyParameterFromForm(FormName = "add-member")]
    public AccountForm? AddMember { get; set; }

    [SupplyParameterFromForm(FormName = "remove-member")]
    public AccountForm? RemoveMember { get; set; }

    [SupplyParameterFromForm(FormName = "create-robot")]
    public AccountForm? CreateRobot { get; set; }

    [SupplyParameterFromForm(FormName = "delete-robot")]
    public AccountForm? DeleteRobot { get; set; }

    [SupplyParameterFromForm(FormName = "grant")]
    public AccountForm? Grant { get; set; }

    [SupplyParameterFromForm(FormName = "revoke-grant")]
    public AccountForm? RevokeGrant { get; set; }

    [SupplyParameterFromForm(FormName = "set-role")]
    public AccountForm? SetRole { get; set; }

    private bool ConfirmDelete => DeleteText == "1";

    private string Here => UiLinks.Organisation(Name ?? "");

    private ApiCaller Caller => UiActions.Caller(HttpContext!);

    private CancellationToken Ct => HttpContext!.RequestAborted;

    private bool IsAdmin => Caller.IsOrganisationAdmin(Name ?? "");

    protected override async Task OnInitializedAsync()
    {
        CreateTeam ??= new AccountForm();
        DeleteTeam ??= new AccountForm();
        AddMember ??= new AccountForm();
        RemoveMember ??= new AccountForm();
        CreateRobot ??= new AccountForm();
        DeleteRobot ??= new AccountForm();
        Grant ??= new AccountForm();
        RevokeGrant ??= new AccountForm();
        SetRole ??= new AccountForm();
        _done = Done switch
        {
            "team-created" => "The team is created.",
            "team-deleted" => "The team is deleted.",
            "role-changed" => "The team's role is changed.",
            "member-added" => "The member is added.",
            "member-removed" => "The member is removed.",
            "robot-deleted" => "The robot is deleted.",
            "granted" => "The grant is saved.",
            "revoked" => "The grant is revoked.",
            _ => null,
        };
        var error = await UiActions.RunAsync(HttpContext!, async () => _organisation = await Actions.ReadOrganisationAsync(Caller, Name, Ct));
        if (_organisation is null)
        {
            _error = error;
            return;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _teams = await Actions.ListTeamsAsync(Caller, Name, Ct);
        _robots = IsAdmin ? await Actions.ListRobotsAsync(Caller, Name, Ct) : [];
        var prefix = Name + "/";
        var names = (await Metadata.ListRepositoriesAsync(Name, MaxRepositories * 2, Ct)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Take(MaxRepositories).ToList();
        if (RepositoryName.TryParse(ShownRepository, out var shown) && !names.Contains(shown.Value))
        {
            names.Add(shown.Value); // one granted before it was pushed, shown after its grant
        }

        _grants = new SortedDictionary<string, IReadOnlyList<RepositoryGrant>>(StringComparer.Ordinal);
        foreach (var repository in names)
        {
            if (await Actions.AdministersAsync(Caller, repository, Ct))
            {
                _grants[repository] = await Actions.ListGrantsAsync(Caller, repository, Ct);
            }
        }
    }

    private async Task ChangeAsync(Func<Task> change, string done, string? repository = null)
    {
        if (_organisation is null)
        {
            return;
        }

        _error = await UiActions.RunAsync(HttpContext!, change);
        if (_error is null)
        {
            var query = repository is null ? "" : "&repository=" + Uri.EscapeDataString(repository);
            Navigation.NavigateTo($"{Here}?done={done}{query}");
        }
    }

    private Task CreateTeamAsync() => ChangeAsync(
        () => Actions.CreateTeamAsync(Caller, Name!, CreateTeam!.Name, ApiWords.TryParse<OrganisationRole>(CreateTeam.Role, out var r) ? r : null, Ct), "team-created");

    private Task DeleteTeamAsync() => ChangeAsync(() => Actions.DeleteTeamAsync(Caller, Name!, DeleteTeam!.Target ?? "", Ct), "team-deleted");

    private Task SetRoleAsync()
    {
        var (team, role) = Split(SetRole!.Target);
        return ChangeAsync(
            () => Actions.SetTeamRoleAsync(Caller, Name!, team, ApiWords.TryParse<OrganisationRole>(role, out var r) ? r : null, Ct), "role-changed");
    }

    /// <summary>Deletes the organisation (<see cref="AccountActions.DeleteOrganisationAsync"/>) and goes to the list.</summary>
    private async Task DeleteOrganisationAsync()
    {
        if (_organisation is null)
        {
            return;
        }

        _error = await UiActions.RunAsync(HttpContext!, () => Actions.DeleteOrganisationAsync(Caller, Name, Ct));
        if (_error is null)
        {
            Navigation.NavigateTo($"/orgs?done=org-deleted");
        }
    }

    private Task AddMemberAsync() => ChangeAsync(() => Actions.AddTeamMemberAsync(Caller, Name!, AddMember!.Team ?? "", AddMember.Member?.Trim(), Ct), "member-added");

    private Task RemoveMemberAsync()
    {
        var (team, member) = Split(RemoveMember!.Target);
        return ChangeAsync(() => Actions.RemoveTeamMemberAsync(Caller, Name!, team, member, Ct), "member-removed");
    }

    private async Task CreateRobotAsync()
    {
        if (_organisation is null)
        {
            return;
        }

        (string, string)? created = null;
        _error = await UiActions.RunAsync(HttpContext!, async () => created = await Actions.CreateRobotAsync(Caller, Name!, CreateRobot!.Name?.Trim(), Ct));
        if (created is not null)
        {
            // Rendered in this answer only (no redirect): the one time the secret is shown.
            _robotSecret = created;
            CreateRobot = new AccountForm();
            await LoadAsync();
        }
    }

    private Task DeleteRobotAsync() => ChangeAsync(() => Actions.DeleteRobotAsync(Caller, Name!, DeleteRobot!.Target, Ct), "robot-deleted");

    private Task GrantAsync()
    {
        var repository = Grant!.Repository?.Trim();
        var member = Grant.Member?.Trim();
        var isTeam = Grant.Kind != "account";
        var team = isTeam ? (member is not null && member.Contains('/', StringComparison.Ordinal) ? member : $"{Name}/{member}") : null;
        RepositoryAccess? access = ApiWords.TryParse<RepositoryAccess>(Grant.Access, out var a) ? a : null;
        return ChangeAsync(() => Actions.GrantAsync(Caller, repository, access, isTeam ? null : member, team, Ct), "granted", repository);
    }

    private Task RevokeGrantAsync()
    {
        var (repository, grantee) = Split(RevokeGrant!.Target);
        var isTeam = grantee.Contains('/', StringComparison.Ordinal);
        return ChangeAsync(() => Actions.RevokeGrantAsync(Caller, repository, isTeam ? null : grantee, isTeam ? grantee : null, Ct), "revoked");
    }

    /// <summary>A row button's value, <c>first|second</c>.</summary>
    private static (string, string) Split(string? value)
    {
        var bar = value?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        return bar > 0 ? (value![..bar], value[(bar + 1)..]) : ("", "");
    }
}
