using Wharf.Registry.Auth;

namespace Wharf.Server.Builds;

/// <summary>Whether a build's submitter may pull a repository of this registry, which is what a FROM of it needs:
/// <see cref="AccessPolicy"/> asked through <see cref="RepositoryRights"/> for the submitter's account as it is now, the
/// same decision a <c>docker pull</c> of theirs gets. On a server without auth everyone may pull, as at <c>/v2</c>.</summary>
public sealed class BuildPullRights
{
    private readonly IAccountStore? _accounts;
    private readonly RepositoryRights? _rights;

    private BuildPullRights(IAccountStore? accounts, RepositoryRights? rights)
    {
        _accounts = accounts;
        _rights = rights;
    }

    public static BuildPullRights Everyone { get; } = new(null, null);

    public static BuildPullRights Checked(IAccountStore accounts, RepositoryRights rights) => new(accounts, rights);

    public async Task<bool> MayPullAsync(string account, string repository, CancellationToken ct)
    {
        if (_rights is null || _accounts is null)
        {
            return true;
        }

        // A disabled or deleted account has no principal: it pulls what anyone may.
        var principal = account.Length == 0 ? Principal.Anonymous : await _accounts.FindPrincipalAsync(account, null, ct) ?? Principal.Anonymous;
        return (await _rights.DecideAsync(principal, repository, ct)).HasFlag(RepositoryAction.Pull);
    }
}
