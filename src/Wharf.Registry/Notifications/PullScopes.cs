using Wharf.Registry.Auth;

namespace Wharf.Registry.Notifications;

/// <summary>Where some enabled webhook wants pull events: these repositories, and every repository of these namespaces.</summary>
public sealed record PullScopes(IReadOnlySet<string> Repositories, IReadOnlySet<string> Namespaces)
{
    public static PullScopes None { get; } = new(new HashSet<string>(), new HashSet<string>());

    public bool IsEmpty => Repositories.Count == 0 && Namespaces.Count == 0;

    public bool Includes(string repository) =>
        Repositories.Contains(repository) || Namespaces.Contains(AccessPolicy.NamespaceOf(repository));
}
