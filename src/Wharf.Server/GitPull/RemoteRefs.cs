namespace Wharf.Server.GitPull;

/// <summary>A git remote's refs as <c>git ls-remote</c> listed them: its default branch and full ref → commit.</summary>
public sealed record RemoteRefs(string DefaultBranch, IReadOnlyDictionary<string, string> Refs)
{
    /// <summary>The commit a branch, a tag (branches first, as git's own lookup) or the tip-matching short commit names;
    /// null when none does.</summary>
    public string? Resolve(string tag)
    {
        if (tag == GitPullRef.Latest)
        {
            return Refs.GetValueOrDefault($"refs/heads/{DefaultBranch}");
        }

        var name = GitPullRef.RefName(tag);
        if (Refs.TryGetValue($"refs/heads/{name}", out var branch))
        {
            return branch;
        }

        if (Refs.TryGetValue($"refs/tags/{name}", out var taggedCommit))
        {
            return taggedCommit;
        }

        if (!GitPullRef.LooksLikeCommit(tag))
        {
            return null;
        }

        if (tag.Length == 40)
        {
            return tag;
        }

        var tips = Refs.Values.Where(c => c.StartsWith(tag, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return tips.Count == 1 ? tips[0] : null;
    }
}
