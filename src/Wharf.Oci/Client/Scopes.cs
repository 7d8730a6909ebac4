namespace Wharf.Oci.Client;

/// <summary>The resource scopes of the distribution token-auth spec (<c>repository:NAME:ACTIONS</c>).</summary>
internal static class Scopes
{
    public static IReadOnlyList<string> None { get; } = [];

    public static IReadOnlyList<string> Catalog { get; } = ["registry:catalog:*"];

    public static IReadOnlyList<string> Pull(RepositoryName repository) => [$"repository:{repository}:pull"];

    public static IReadOnlyList<string> Push(RepositoryName repository) => [$"repository:{repository}:pull,push"];

    public static IReadOnlyList<string> Delete(RepositoryName repository) => [$"repository:{repository}:delete"];

    /// <summary>A mount writes the target and reads the source.</summary>
    public static IReadOnlyList<string> Mount(RepositoryName repository, RepositoryName from) =>
        [$"repository:{repository}:pull,push", $"repository:{from}:pull"];
}
