using Microsoft.AspNetCore.Components;
using Wharf.Oci;
using Wharf.Oci.Errors;
using Wharf.Registry.Auth;
using Wharf.Registry.Manifests;
using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Ui.Pages;

/// <summary>The repository page's state and form handlers (<c>/r/{name}</c>; its markup is Repository.razor): what it
/// reads (<see cref="RepositoryCatalog"/>, <see cref="TagCatalog"/>, <see cref="RepositoryDescriptions"/>) and the
/// changes it makes through the rules the API and <c>/v2</c> use.</summary>
public partial class Repository
{
    private const int PageSize = 50;

    private RepositorySummary? _repository;
    private RepositoryDescription? _description;
    private ResultPage<TagSummary>? _tags;
    private TagSummary? _newest;
    private TagSummary? _older;
    private TagSort _sort;
    private bool _mayDelete;
    private bool _administers;
    private IReadOnlyList<RepositoryGrant> _grants = [];
    private IReadOnlyList<string>? _confirm;
    private string? _message;
    private string? _done;

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Parameter]
    public string? Name { get; set; }

    [SupplyParameterFromQuery]
    public string? Q { get; set; }

    [SupplyParameterFromQuery]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageText { get; set; }

    /// <summary>What the last change did, after its redirect (see <see cref="Done"/>).</summary>
    [SupplyParameterFromQuery(Name = "done")]
    public string? DoneText { get; set; }

    [SupplyParameterFromForm(FormName = "description")]
    public DescriptionForm? DescriptionInput { get; set; }

    [SupplyParameterFromForm(FormName = "visibility")]
    public VisibilityForm? VisibilityInput { get; set; }

    [SupplyParameterFromForm(FormName = "grant")]
    public GrantForm? GrantInput { get; set; }

    [SupplyParameterFromForm(FormName = "revoke")]
    public RevokeForm? RevokeInput { get; set; }

    private CancellationToken Ct => HttpContext!.RequestAborted;

    protected override async Task OnInitializedAsync()
    {
        DescriptionInput ??= new DescriptionForm();
        VisibilityInput ??= new VisibilityForm();
        GrantInput ??= new GrantForm();
        RevokeInput ??= new RevokeForm();
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        _sort = Sort switch { "name" => TagSort.Name, "size" => TagSort.Size, _ => TagSort.Pushed };
        _done = Done(DoneText);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var http = HttpContext!;
        var viewer = UiRepositoryAccess.ViewerOf(http);
        // A malformed name, one the caller may not see and one that does not exist are one answer: the page does not
        // tell whether a private repository exists.
        _repository = RepositoryName.TryParse(Name, out var parsed) ? await Catalog.FindAsync(viewer, parsed.Value, Ct) : null;
        if (_repository is null)
        {
            UiStatus.NotFound(http);
            return;
        }

        var name = _repository.Name;
        var page = int.TryParse(PageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and < 1_000_000 ? p : 1;
        // Versions read up (1.9 before 1.10); the newest push and the largest come first.
        _tags = await Tags.ListAsync(viewer, name, new TagQuery(Q, _sort, Descending: _sort != TagSort.Name, Page: page, PageSize: PageSize), Ct);
        // The table's usual first page already starts with the two newest tags.
        var newest = _sort == TagSort.Pushed && Q is null && page == 1
            ? _tags
            : await Tags.ListAsync(viewer, name, new TagQuery(Sort: TagSort.Pushed, Descending: true, Page: 1, PageSize: 2), Ct);
        var items = newest?.Items ?? [];
        _newest = items.Count > 0 ? items[0] : null;
        _older = items.Count > 1 ? items[1] : null;
        _description = (await Descriptions.FindAsync(viewer, name, Ct)).Description;
        // Deleting tags and administering the repository are one right (RepositoryRights.AdministersAsync).
        _mayDelete = await UiRepositoryAccess.MayDeleteAsync(http, name, Ct);
        _administers = _mayDelete;
        if (_administers && UiCaller.AccountsEnabled(http))
        {
            _grants = await Accounts.ListGrantsAsync(UiActions.Caller(http), name, Ct);
        }
    }

    private async Task<IReadOnlyList<string>> PostedTagsAsync() =>
        [.. (await HttpContext!.Request.ReadFormAsync(Ct))["tag"].OfType<string>().Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>"Delete selected": the confirmation, for those who may delete (the rule of <c>/v2</c>'s DELETE).</summary>
    private async Task AskDeleteAsync()
    {
        if (await RefuseDeleteAsync())
        {
            return;
        }

        var tags = await PostedTagsAsync();
        if (tags.Count == 0)
        {
            _message = "Select the tags to delete first.";
            return;
        }

        _confirm = tags;
    }

    /// <summary>The confirmed deletion: each tag through <see cref="ManifestService.DeleteAsync"/>, which records the
    /// event, the audit entry and the webhooks' notification, as a <c>DELETE /v2/NAME/manifests/TAG</c> does.</summary>
    private async Task DeleteAsync()
    {
        if (await RefuseDeleteAsync())
        {
            return;
        }

        var http = HttpContext!;
        var manifests = http.RequestServices.GetRequiredService<ManifestService>();
        var repository = RepositoryName.Parse(_repository!.Name);
        var actor = UiRepositoryAccess.ActorOf(http);
        var deleted = 0;
        var missing = new List<string>();
        foreach (var tag in await PostedTagsAsync())
        {
            if (!Reference.TryParse(tag, out var reference) || reference.Tag is null)
            {
                missing.Add(tag);
                continue;
            }

            try
            {
                await manifests.DeleteAsync(repository, reference, actor, Ct);
                deleted++;
            }
            catch (RegistryException e) when (e.Code == OciErrorCode.ManifestUnknown)
            {
                missing.Add(tag);
            }
            catch (RegistryException e)
            {
                _message = $"Deleting is refused: {e.Message}";
                await LoadAsync();
                return;
            }
        }

        Navigation.NavigateTo($"{UiLinks.Repository(_repository.Name)}?done=deleted-{deleted}" + (missing.Count > 0 ? $"-{missing.Count}" : ""));
    }

    private async Task<bool> RefuseDeleteAsync()
    {
        if (_repository is null)
        {
            return true;
        }

        if (await UiRepositoryAccess.MayDeleteAsync(HttpContext!, _repository.Name, Ct))
        {
            return false;
        }

        _message = $"You may not delete tags of {_repository.Name}.";
        UiStatus.Set(HttpContext!, StatusCodes.Status403Forbidden);
        return true;
    }

    /// <summary>The rule is <see cref="RepositoryDescriptions.SetAsync"/>'s: the repository's administrators.</summary>
    private async Task SetDescriptionAsync()
    {
        if (_repository is null)
        {
            return;
        }

        var change = await Descriptions.SetAsync(UiRepositoryAccess.ViewerOf(HttpContext!), _repository.Name, DescriptionInput!.Text ?? "", Ct);
        switch (change)
        {
            case DescriptionChange.Done:
                Navigation.NavigateTo($"{UiLinks.Repository(_repository.Name)}?done=description");
                return;
            case DescriptionChange.Forbidden:
                Refuse(StatusCodes.Status403Forbidden, $"Only an administrator of {_repository.Name} can change its description.");
                return;
            case DescriptionChange.TooLong:
                Refuse(StatusCodes.Status400BadRequest, $"A description holds at most {RepositoryDescriptions.MaxLength:N0} characters.");
                return;
            default:
                Refuse(StatusCodes.Status404NotFound, "The repository is gone.");
                return;
        }
    }

    private Task SetVisibilityAsync() => ChangeAsync("visibility", () =>
        Accounts.SetVisibilityAsync(UiActions.Caller(HttpContext!), _repository!.Name, VisibilityInput!.Public == "true", Ct));

    private Task GrantAsync() => ChangeAsync("granted", () =>
    {
        var text = GrantInput!.Grantee?.Trim() ?? "";
        var isTeam = text.Contains('/', StringComparison.Ordinal);
        RepositoryAccess? access = ApiWords.TryParse<RepositoryAccess>(GrantInput.Access, out var parsed) ? parsed : null;
        return Accounts.GrantAsync(UiActions.Caller(HttpContext!), _repository!.Name, access, isTeam ? null : text, isTeam ? text : null, Ct);
    });

    private Task RevokeAsync() => ChangeAsync("revoked", () =>
        Accounts.RevokeGrantAsync(UiActions.Caller(HttpContext!), _repository!.Name, RevokeInput!.Account, RevokeInput.Team, Ct));

    /// <summary>Makes an access change through the API's rules (<see cref="AccountActions"/>); a refusal is
    /// shown with the API's status and words.</summary>
    private async Task ChangeAsync(string done, Func<Task> change)
    {
        if (_repository is null)
        {
            return;
        }

        try
        {
            await change();
        }
        catch (ApiProblemException e)
        {
            Refuse(e.Problem.StatusCode, e.Problem.Details.Detail ?? "The change was refused.");
            return;
        }

        Navigation.NavigateTo($"{UiLinks.Repository(_repository.Name)}?done={done}");
    }

    private void Refuse(int status, string message)
    {
        _message = message;
        UiStatus.Set(HttpContext!, status);
    }

    private static string? Done(string? code) => code switch
    {
        null => null,
        "description" => "The description is saved.",
        "visibility" => "The visibility is changed.",
        "granted" => "The grant is saved.",
        "revoked" => "The grant is revoked.",
        _ when code.StartsWith("deleted-", StringComparison.Ordinal) && code.Split('-') is [_, var n, .. var rest] =>
            $"Deleted {n} {(n == "1" ? "tag" : "tags")}." + (rest is [var m] ? $" {m} were already gone." : ""),
        _ => null,
    };

    private static string Short(string digest) => Digest.TryParse(digest, out var d) ? UiFormat.Short(d) : digest;

    /// <summary>A page of the same table: the filter and order kept.</summary>
    private string Link(int page)
    {
        var query = new List<string>();
        if (Q is not null) { query.Add("q=" + Uri.EscapeDataString(Q)); }
        if (_sort != TagSort.Pushed) { query.Add("sort=" + (_sort == TagSort.Name ? "name" : "size")); }
        if (page > 1) { query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        return UiLinks.Repository(_repository!.Name) + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
