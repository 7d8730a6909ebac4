using Wharf.Oci;
using Wharf.Registry.Overview;
using Wharf.Server.Api.Accounts;

namespace Wharf.Server.Api.Repositories;

/// <summary>The query parameters of the repositories API, each checked (400 with the rule, never a 500).</summary>
internal static class RepositoryInput
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;
    public const int MaxSearchLength = 200;

    public static string? Search(string? q) =>
        q is { Length: > MaxSearchLength } ? throw new ApiProblemException($"q must be at most {MaxSearchLength} characters") : q;

    public static string? Namespace(string? space) =>
        space is null ? null
        : !space.Contains('/', StringComparison.Ordinal) && RepositoryName.TryParse(space, out _) ? space
        : throw new ApiProblemException("namespace must be one path component of a repository name, like team");

    public static int Page(string? page) => (int)(ApiInput.Number(page, "page", 1, 1_000_000) ?? 1);

    public static int PageSize(string? size, string field = "pageSize") => (int)(ApiInput.Number(size, field, 1, MaxPageSize) ?? DefaultPageSize);

    /// <summary><c>name</c>, <c>pushed</c> or <c>pulls</c>, descending with a leading <c>-</c>.</summary>
    public static (RepositorySort Sort, bool Descending) RepositorySort(string? sort) => Sorted(sort, "name") switch
    {
        ("name", var d) => (Registry.Overview.RepositorySort.Name, d),
        ("pushed", var d) => (Registry.Overview.RepositorySort.LastPush, d),
        ("pulls", var d) => (Registry.Overview.RepositorySort.Pulls, d),
        _ => throw new ApiProblemException("sort must be name, pushed or pulls, with a leading - for descending order"),
    };

    /// <summary><c>name</c> (version-aware), <c>pushed</c> or <c>size</c>, descending with a leading <c>-</c>; newest first by default.</summary>
    public static (TagSort Sort, bool Descending) TagSort(string? sort) => Sorted(sort, "-pushed") switch
    {
        ("name", var d) => (Registry.Overview.TagSort.Name, d),
        ("pushed", var d) => (Registry.Overview.TagSort.Pushed, d),
        ("size", var d) => (Registry.Overview.TagSort.Size, d),
        _ => throw new ApiProblemException("sort must be name, pushed or size, with a leading - for descending order"),
    };

    private static (string Key, bool Descending) Sorted(string? sort, string fallback)
    {
        var text = string.IsNullOrEmpty(sort) ? fallback : sort;
        return text.StartsWith('-') ? (text[1..], true) : (text, false);
    }
}
