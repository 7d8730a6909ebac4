using System.Text.Json.Serialization;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>One entry of a token's <c>access</c> claim (distribution docs/spec/auth/jwt.md):
/// <c>{"type":"repository","name":"team/app","actions":["pull","push"]}</c>. An entry with no actions is how the
/// token service says "you asked, you get nothing here" (token.md: the intersection may be empty).</summary>
public sealed record GrantedAccess(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("actions")] IReadOnlyList<string> Actions)
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string Wildcard = "*";

    /// <summary>The entry for a repository and the actions granted on it (possibly none).</summary>
    public static GrantedAccess Repository(string name, RepositoryAction actions) =>
        new(ScopeRequest.RepositoryType, name, ActionNames(actions));

    /// <summary>The repository actions this entry grants; <c>*</c> grants all (Distribution's token access
    /// controller treats it so), unknown action names grant nothing.</summary>
    public RepositoryAction RepositoryActions => ToRepositoryAction(Actions);

    /// <summary><c>pull</c>, <c>push</c>, <c>delete</c> in that order, for the flags set.</summary>
    public static IReadOnlyList<string> ActionNames(RepositoryAction actions)
    {
        var names = new List<string>(3);
        if (actions.HasFlag(RepositoryAction.Pull))
        {
            names.Add(Pull);
        }

        if (actions.HasFlag(RepositoryAction.Push))
        {
            names.Add(Push);
        }

        if (actions.HasFlag(RepositoryAction.Delete))
        {
            names.Add(Delete);
        }

        return names;
    }

    public static RepositoryAction ToRepositoryAction(IEnumerable<string> actions)
    {
        var result = RepositoryAction.None;
        foreach (var action in actions)
        {
            result |= action switch
            {
                Pull => RepositoryAction.Pull,
                Push => RepositoryAction.Push,
                Delete => RepositoryAction.Delete,
                Wildcard => RepositoryAction.All,
                _ => RepositoryAction.None,
            };
        }

        return result;
    }

    /// <summary>The entry as a scope (<c>repository:team/app:pull,push</c>), as OAuth2's <c>scope</c> response
    /// field lists what was granted.</summary>
    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
