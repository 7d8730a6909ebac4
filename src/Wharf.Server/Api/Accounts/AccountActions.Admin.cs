using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Server administrators: accounts and the audit log.</summary>
internal sealed partial class AccountActions
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Accounts in name order after <paramref name="after"/>; <paramref name="kind"/> and <paramref name="limit"/> as
    /// the API's query spells them.</summary>
    public async Task<IReadOnlyList<Account>> ListAccountsAsync(ApiCaller caller, string? kind, string? after, string? limit, CancellationToken ct)
    {
        caller.RequireAdmin();
        AccountKind? wanted = null;
        if (kind is not null)
        {
            wanted = ApiWords.TryParse<AccountKind>(kind, out var k) ? k : throw new ApiProblemException($"kind must be one of {ApiWords.List<AccountKind>()}");
        }

        var size = (int)(ApiInput.Number(limit, "limit", 1, MaxPageSize) ?? DefaultPageSize);
        return await store.ListAccountsAsync(wanted, after, size, ct);
    }

    public async Task<Account> CreateUserAsync(ApiCaller caller, string? name, string? password, bool isAdmin, CancellationToken ct)
    {
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var user = ApiInput.Name(name, "name");
        var checkedPassword = password is null ? null : ApiInput.Password(password, "password");
        ApiInput.Check(await store.CreateUserAsync(user, checkedPassword, ct, isAdmin: isAdmin), $"user '{user}'");
        await caller.AuditAsync(store, AuditActions.AccountCreated, user, isAdmin ? "user, server admin" : "user", ct);
        return await GetAccountAsync(user, ct);
    }

    public async Task<HtpasswdImportReport> ImportAsync(ApiCaller caller, TextReader htpasswd, CancellationToken ct)
    {
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var report = await new HtpasswdImporter(store).ImportAsync(htpasswd, ct);
        foreach (var user in report.Created)
        {
            await caller.AuditAsync(store, AuditActions.AccountCreated, user, "user, imported from htpasswd", ct);
        }

        return report;
    }

    /// <summary>One account: a server administrator reads any, an account itself.</summary>
    public async Task<Account> ReadAccountAsync(ApiCaller caller, string? name, CancellationToken ct)
    {
        caller.RequireAccount();
        var account = ApiInput.AnyAccount(name, "name");
        if (!caller.IsAdmin && caller.Name != account)
        {
            // The same answer whether or not the account exists.
            throw ApiCaller.Forbidden("only a server administrator can read another account");
        }

        return await GetAccountAsync(account, ct);
    }

    /// <summary>Sets a password, the admin flag or the disabled flag (each null is left as it is).</summary>
    public async Task<Account> UpdateAccountAsync(ApiCaller caller, string? name, string? password, bool? isAdmin, bool? disabled, CancellationToken ct)
    {
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var accountName = ApiInput.AnyAccount(name, "name");
        var checkedPassword = password is null ? null : ApiInput.Password(password, "password");
        var account = await GetAccountAsync(accountName, ct);
        if (accountName == caller.Name && (isAdmin == false || disabled == true))
        {
            // The one guard against a server left without an administrator by a slip of the keyboard.
            throw new ApiProblemException(ApiProblem.Conflict("an administrator cannot demote or disable itself; another administrator can"));
        }

        if (account.Kind != AccountKind.User && (checkedPassword is not null || isAdmin is not null))
        {
            // The store refuses this as a whole too (WrongKind); checked here for a message naming the kind.
            throw new ApiProblemException(
                $"'{accountName}' is a{(account.Kind == AccountKind.Organisation ? "n" : "")} {ApiWords.Of(account.Kind)}: only users have passwords and can be administrators");
        }

        ApiInput.Check(await store.UpdateAccountAsync(accountName, new AccountUpdate(checkedPassword, isAdmin, disabled), ct), $"account '{accountName}'");
        List<string> changes = [];
        if (checkedPassword is not null)
        {
            changes.Add("password changed");
        }

        if (isAdmin is { } admin)
        {
            changes.Add(admin ? "made server admin" : "no longer server admin");
        }

        if (disabled is { } off)
        {
            changes.Add(off ? "disabled" : "enabled");
        }

        if (changes.Count > 0)
        {
            await caller.AuditAsync(store, AuditActions.AccountChanged, accountName, string.Join(", ", changes), ct);
        }

        return await GetAccountAsync(accountName, ct);
    }

    public async Task DeleteAccountAsync(ApiCaller caller, string? name, CancellationToken ct)
    {
        caller.RequireAdmin();
        caller.RequireChangeRights();
        var accountName = ApiInput.AnyAccount(name, "name");
        if (accountName == caller.Name)
        {
            throw new ApiProblemException(ApiProblem.Conflict("an administrator cannot delete itself; another administrator can"));
        }

        var account = await GetAccountAsync(accountName, ct);
        await store.DeleteAccountAsync(accountName, ct);
        await caller.AuditAsync(store, AuditActions.AccountDeleted, accountName, ApiWords.Of(account.Kind), ct);
    }

    /// <summary>A page of the audit log, newest first, with the filters as <c>GET /api/v1/audit</c>'s query spells them.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ListAuditAsync(
        ApiCaller caller, string? actor, string? action, string? target, string? from, string? to, string? before, string? limit, CancellationToken ct)
    {
        caller.RequireAdmin();
        var query = new AuditQuery(
            ApiInput.Time(from, "from"),
            ApiInput.Time(to, "to"),
            actor,
            action,
            ApiInput.Number(before, "before", 1, long.MaxValue),
            (int)(ApiInput.Number(limit, "limit", 1, MaxPageSize) ?? DefaultPageSize),
            target);
        return await store.ListAuditAsync(query, ct);
    }

    private async Task<Account> GetAccountAsync(string name, CancellationToken ct) =>
        await store.FindAccountAsync(name, ct) ?? throw new ApiProblemException(ApiProblem.NotFound("Unknown account", $"there is no account '{name}'"));
}
