using Wharf.Oci;
using Wharf.Server.Options;

namespace Wharf.Server.GitPull;

/// <summary>A repository name of the build-on-pull namespace, taken apart: <c>git/&lt;host&gt;/&lt;path&gt;</c>, where
/// the path is a repository of that git host and, after it, maybe a folder of it (<see cref="GitRemotes"/> decides where
/// one ends and the other begins).</summary>
public sealed record GitPullName(string Host, IReadOnlyList<string> Path)
{
    /// <summary>Null when <paramref name="name"/> is not under <c>git/</c> or names no path after its host.</summary>
    public static GitPullName? Parse(RepositoryName name)
    {
        var parts = name.Value.Split('/');
        return parts.Length >= 3 && parts[0] == GitPullOptions.Namespace ? new GitPullName(parts[1], parts[2..]) : null;
    }

    public static bool IsUnder(string repository) => repository.StartsWith(GitPullOptions.Namespace + "/", StringComparison.Ordinal);

    public override string ToString() => $"{Host}/{string.Join('/', Path)}";
}
