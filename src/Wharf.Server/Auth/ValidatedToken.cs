using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>What a valid access token says: who it was issued to and what it grants, until when.</summary>
/// <param name="Subject">The <c>sub</c> claim: an account name, or empty for an anonymous token.</param>
/// <param name="Access">The <c>access</c> claim's entries, as signed.</param>
/// <param name="Id">The <c>jti</c> claim (empty when absent), for audit lines and replay checks.</param>
public sealed record ValidatedToken(string Subject, IReadOnlyList<GrantedAccess> Access, DateTimeOffset ExpiresAt, string Id)
{
    public bool IsAnonymous => Subject.Length == 0;

    /// <summary>Every repository action the token grants on <paramref name="repository"/> (the union of its entries
    /// for that exact name); <see cref="RepositoryAction.None"/> when it names the repository nowhere. A token for one
    /// repository opens no other: names are compared exactly.</summary>
    public RepositoryAction ActionsOn(string repository)
    {
        var granted = RepositoryAction.None;
        foreach (var entry in Access)
        {
            if (entry.Type == ScopeRequest.RepositoryType && string.Equals(entry.Name, repository, StringComparison.Ordinal))
            {
                granted |= entry.RepositoryActions;
            }
        }

        return granted;
    }

    /// <summary>Whether the token has an entry for <paramref name="repository"/>, even one granting nothing: the token
    /// server was asked about it and answered, so asking again with the same credentials would not get more.</summary>
    public bool Mentions(string repository) =>
        Access.Any(entry => entry.Type == ScopeRequest.RepositoryType && string.Equals(entry.Name, repository, StringComparison.Ordinal));

    /// <summary>Whether the token grants every action in <paramref name="needed"/> on <paramref name="repository"/>.
    /// Needing <see cref="RepositoryAction.None"/> is always granted.</summary>
    public bool Grants(string repository, RepositoryAction needed) => (ActionsOn(repository) & needed) == needed;

    /// <summary>Whether the token grants <c>registry:catalog:*</c> (the listing is still filtered per repository).</summary>
    public bool GrantsCatalog => Access.Any(entry =>
        entry.Type == ScopeRequest.RegistryType && entry.Name == ScopeRequest.CatalogName && entry.Actions.Contains(GrantedAccess.Wildcard));
}
