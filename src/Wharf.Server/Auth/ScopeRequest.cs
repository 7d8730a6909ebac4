using System.Text.RegularExpressions;
using Wharf.Oci;
using Wharf.Registry.Auth;

namespace Wharf.Server.Auth;

/// <summary>One resource scope of the Docker token-auth spec (distribution docs/spec/auth/scope.md):
/// <c>TYPE:NAME:ACTION[,ACTION]*</c>, e.g. <c>repository:team/app:pull,push</c> or <c>registry:catalog:*</c>.
/// A resource class (<c>repository(plugin)</c>) is parsed and dropped: the spec deprecates it and says
/// <c>repository(plugin)</c> and <c>repository</c> are equal when authorising.</summary>
/// <param name="Type">The resource type without its class: <c>repository</c>, <c>registry</c>, or anything else
/// syntactically valid (which grants nothing).</param>
/// <param name="Name">The resource name; for <c>repository</c> a valid distribution-spec repository name.</param>
/// <param name="Actions">The actions as asked, in order, without duplicates or empty entries.</param>
public sealed partial record ScopeRequest(string Type, string Name, IReadOnlyList<string> Actions)
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";
    public const string CatalogName = "catalog";

    /// <summary>The most resource scopes one token request may name: each costs an access decision.</summary>
    public const int MaxScopes = 100;

    /// <summary><c>registry:catalog:*</c>, what a client asks for before listing <c>/v2/_catalog</c>.</summary>
    public static ScopeRequest Catalog { get; } = new(RegistryType, CatalogName, ["*"]);

    public bool IsRepository => Type == RepositoryType;

    public bool IsCatalog => Type == RegistryType && Name == CatalogName;

    /// <summary>The repository actions asked for (<c>*</c> is all of them); unknown actions add nothing.</summary>
    public RepositoryAction RepositoryActions => GrantedAccess.ToRepositoryAction(Actions);

    /// <summary>The scope for a repository and the actions it needs, as a challenge names it.</summary>
    public static ScopeRequest ForRepository(string repository, RepositoryAction actions) =>
        new(RepositoryType, repository, GrantedAccess.ActionNames(actions));

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";

    /// <summary>Parses the <c>scope</c> values of a token request: repeated query parameters on GET, one
    /// space-separated list on the OAuth2 POST; either may hold several scopes, and empty values are ignored.</summary>
    /// <exception cref="FormatException">A scope is malformed (the message names it and says why), or there are
    /// more than <see cref="MaxScopes"/>.</exception>
    public static IReadOnlyList<ScopeRequest> Parse(IEnumerable<string?> values)
    {
        var scopes = new List<ScopeRequest>();
        foreach (var value in values)
        {
            foreach (var text in (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (scopes.Count == MaxScopes)
                {
                    throw new FormatException($"too many scopes: at most {MaxScopes} in one token request");
                }

                scopes.Add(ParseOne(text));
            }
        }

        return scopes;
    }

    /// <summary>Parses one <c>TYPE:NAME:ACTIONS</c>.</summary>
    /// <exception cref="FormatException">The scope is malformed; the message names it and says why.</exception>
    public static ScopeRequest ParseOne(string text)
    {
        // scope.md: the name may hold a ':' (a registry host's port), so the type ends at the first colon and the
        // actions start after the last one; actions never contain a colon.
        if (text.Any(c => c is < '!' or > '~'))
        {
            // Guards every part below, RepositoryName's grammar included, against a smuggled newline or quote-less
            // control character ending up in a token or a WWW-Authenticate header.
            throw Malformed(text, "only printable ASCII is allowed");
        }

        var first = text.IndexOf(':', StringComparison.Ordinal);
        var last = text.LastIndexOf(':');
        if (first <= 0 || last == first)
        {
            throw Malformed(text, "expected TYPE:NAME:ACTIONS, e.g. repository:team/app:pull,push");
        }

        var type = TypeGrammar().Match(text[..first]);
        if (!type.Success)
        {
            throw Malformed(text, "the resource type must be lowercase letters and digits, optionally with a (class)");
        }

        var name = text[(first + 1)..last];
        var baseType = type.Groups["type"].Value;
        if (baseType == RepositoryType ? !RepositoryName.TryParse(name, out _) : !NameGrammar().IsMatch(name))
        {
            throw Malformed(text, baseType == RepositoryType ? "invalid repository name" : "invalid resource name");
        }

        var actions = new List<string>();
        foreach (var action in text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ActionGrammar().IsMatch(action))
            {
                throw Malformed(text, "actions are lowercase words or *, separated by commas");
            }

            if (!actions.Contains(action))
            {
                actions.Add(action);
            }
        }

        return new ScopeRequest(baseType, name, actions);
    }

    /// <summary>The message quotes the scope, shortened and with anything unprintable shown as '?', since it ends up
    /// in a response body and perhaps a log line.</summary>
    private static FormatException Malformed(string text, string why)
    {
        var shown = new string([.. text.Take(200).Select(c => c is < ' ' or > '~' ? '?' : c)]);
        return new FormatException($"malformed scope '{shown}{(text.Length > 200 ? "…" : "")}': {why}");
    }

    [GeneratedRegex("^(?<type>[a-z0-9]+)(?:\\([a-z0-9]+\\))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TypeGrammar();

    // scope.md: [hostname '/'] component ['/' component]*, hostname possibly with a port; kept permissive for
    // types we do not grant, but never with quotes, spaces or control characters (it is echoed in challenges).
    [GeneratedRegex("^[A-Za-z0-9._/:-]{1,255}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameGrammar();

    // scope.md says /[a-z*]*/; registries in the wild add '-' and '_' (metadata-read), which we tolerate and grant nothing.
    [GeneratedRegex("^(?:[a-z][a-z_-]*|\\*)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ActionGrammar();
}
