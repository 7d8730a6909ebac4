using Wharf.Registry.Auth;

namespace Wharf.Server.Builds;

/// <summary>What a build's submitter may do with a repository of this registry while their build runs: pull it (a FROM
/// of it, a <c>--cache-from</c> of it) or push to it (a <c>--cache-to</c> of it). <see cref="AccessPolicy"/> asked
/// through <see cref="RepositoryRights"/> for the submitter's account as it is now, the same decision a <c>docker
/// pull</c> or <c>docker push</c> of theirs gets. On a server without auth everyone may, as at <c>/v2</c>.</summary>
public sealed class BuildRights
{
    private readonly IAccountStore? _accounts;
    private readonly RepositoryRights? _rights;

    private BuildRights(IAccountStore? accounts, RepositoryRights? rights)
    {
        _accounts = accounts;
        _rights = rights;
    }

    public static BuildRights Everyone { get; } = new(null, null);

    public static BuildRights Checked(IAccountStore accounts, RepositoryRights rights) => new(accounts, rights);

    public Task<bool> MayPullAsync(string account, string repository, CancellationToken ct) =>
        MayAsync(account, repository, RepositoryAction.Pull, ct);

    public Task<bool> MayPushAsync(string account, string repository, CancellationToken ct) =>
        MayAsync(account, repository, RepositoryAction.Push, ct);

    private async Task<bool> MayAsync(string account, string repository, RepositoryAction action, CancellationToken ct)
    {
        if (_rights is null || _accounts is null)
        {
            return true;
        }

        // A disabled or deleted account has no principal: it may do what anyone may.
        var principal = account.Length == 0 ? Principal.Anonymous : await _accounts.FindPrincipalAsync(account, null, ct) ?? Principal.Anonymous;
        return (await _rights.DecideAsync(principal, repository, ct)).HasFlag(action);
    }
}
