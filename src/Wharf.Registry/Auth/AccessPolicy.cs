namespace Wharf.Registry.Auth;

/// <summary>The one place that decides what a principal may do to a repository (decision 007). Pure: everything it
/// needs is in the <see cref="Principal"/> and the repository's visibility.</summary>
/// <param name="anonymousPull">Whether public repositories are pullable without logging in (<c>Auth:AnonymousPull</c>).</param>
/// <param name="builtNamespace">A namespace only the registry writes (images built on pull, <c>git</c>; decision 025):
/// there nobody but a server admin gets more than pull, whatever they own or were granted.</param>
/// <param name="publicPrefixes">Repositories under these prefixes are public whatever the database says (the
/// <c>git/&lt;host&gt;/</c> of public git hosts, whose repositories exist only once built).</param>
public sealed class AccessPolicy(bool anonymousPull, string? builtNamespace = null, IReadOnlyList<string>? publicPrefixes = null)
{
    public RepositoryAction Decide(Principal who, string repository, bool isPublic)
    {
        isPublic = isPublic || (publicPrefixes?.Any(p => repository.StartsWith(p, StringComparison.Ordinal)) ?? false);
        var granted = Granted(who, repository, isPublic);
        return builtNamespace is not null && !who.IsAdmin && NamespaceOf(repository) == builtNamespace ? granted & RepositoryAction.Pull : granted;
    }

    private RepositoryAction Granted(Principal who, string repository, bool isPublic)
    {
        var granted = isPublic && (anonymousPull || !who.IsAnonymous) ? RepositoryAction.Pull : RepositoryAction.None;
        if (who.IsAnonymous)
        {
            return granted;
        }

        var space = NamespaceOf(repository);
        if (who.IsAdmin || (who.Kind == AccountKind.User && space == who.Name))
        {
            granted = RepositoryAction.All;
        }

        if (who.OrganisationRoles.TryGetValue(space, out var role))
        {
            granted |= role == OrganisationRole.Admin ? RepositoryAction.All : RepositoryAction.Pull;
        }

        if (who.RepositoryGrants.TryGetValue(repository, out var access))
        {
            granted |= Actions(access);
        }

        return who.TokenScope is { } cap ? granted & Cap(cap) : granted;
    }

    /// <summary>What <see cref="Decide"/> grants <see cref="RepositoryAction.Pull"/> on, as a <see cref="PullScope"/> a
    /// listing's query can apply: a server admin pulls everything; anyone who may pull public repositories (everyone
    /// signed in, and anonymous callers when <c>anonymousPull</c>) pulls those; a user its own namespace, a member any
    /// role in an organisation's, and any grant includes pull. A token's scope and the built namespace never take pull
    /// away. Kept beside <see cref="Decide"/> and tested against it.</summary>
    public PullScope PullScopeOf(Principal who)
    {
        if (!who.IsAnonymous && who.IsAdmin)
        {
            return PullScope.All;
        }

        var seesPublic = anonymousPull || !who.IsAnonymous;
        if (who.IsAnonymous)
        {
            return new PullScope(false, seesPublic, publicPrefixes ?? [], [], []);
        }

        IReadOnlyList<string> namespaces = [.. (who.Kind == AccountKind.User ? [who.Name] : Array.Empty<string>()), .. who.OrganisationRoles.Keys];
        return new PullScope(false, seesPublic, publicPrefixes ?? [], namespaces, [.. who.RepositoryGrants.Keys]);
    }

    /// <summary>Whether <paramref name="who"/> administers the namespace <paramref name="space"/> — may do everything to
    /// every repository in it by the namespace alone: a server admin, the user whose namespace it is, an admin of the
    /// organisation; capped by a token's scope like <see cref="Decide"/>. What a namespace's webhooks need (decision 022).</summary>
    public static bool AdministersNamespace(Principal who, string space)
    {
        if (who.IsAnonymous || who.TokenScope is { } cap && Cap(cap) != RepositoryAction.All)
        {
            return false;
        }

        return who.IsAdmin
            || (who.Kind == AccountKind.User && who.Name == space)
            || (who.OrganisationRoles.TryGetValue(space, out var role) && role == OrganisationRole.Admin);
    }

    /// <summary>The namespace a repository lives in: its first path component (<c>team/app</c> → <c>team</c>).</summary>
    public static string NamespaceOf(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? repository : repository[..slash];
    }

    public static RepositoryAction Actions(RepositoryAccess access) => access switch
    {
        RepositoryAccess.Read => RepositoryAction.Pull,
        RepositoryAccess.Write => RepositoryAction.Pull | RepositoryAction.Push,
        _ => RepositoryAction.All,
    };

    private static RepositoryAction Cap(TokenScope scope) => scope switch
    {
        TokenScope.Read => RepositoryAction.Pull,
        TokenScope.ReadWrite => RepositoryAction.Pull | RepositoryAction.Push,
        _ => RepositoryAction.All,
    };
}
