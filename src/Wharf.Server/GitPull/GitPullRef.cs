using System.Text.RegularExpressions;

namespace Wharf.Server.GitPull;

/// <summary>What the tag of a <c>git/…</c> reference asks for. A tag cannot hold <c>/</c>, so a ref that has one is
/// spelled with <c>__</c> in its place (<c>feature__login</c> is the branch <c>feature/login</c>); <c>latest</c> is the
/// default branch; a hex string of 7 to 40 digits that is no branch or tag name is a commit (a short one is looked up
/// among the tips first, then in the history of the remote's branches and tags).</summary>
public static partial class GitPullRef
{
    public const string Latest = "latest";

    /// <summary>The branch or tag name a tag spells.</summary>
    public static string RefName(string tag) => tag.Replace("__", "/", StringComparison.Ordinal);

    /// <summary>The tag that spells <paramref name="refName"/>, for messages and documentation.</summary>
    public static string Spelling(string refName) => refName.Replace("/", "__", StringComparison.Ordinal);

    public static bool LooksLikeCommit(string tag) => CommitPattern().IsMatch(tag);

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex CommitPattern();
}
