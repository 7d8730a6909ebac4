namespace Wharf.Registry.Triggers;

/// <summary>A branch or tag by its short name, from a full ref (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>).</summary>
public sealed record GitRef(RefKind Kind, string Name)
{
    /// <summary>The ref a push names; null for any other ref (notes, pull-request refs, a bare name).</summary>
    public static GitRef? Parse(string? fullRef) => fullRef switch
    {
        { } r when r.StartsWith("refs/heads/", StringComparison.Ordinal) && r.Length > 11 => new GitRef(RefKind.Branch, r[11..]),
        { } r when r.StartsWith("refs/tags/", StringComparison.Ordinal) && r.Length > 10 => new GitRef(RefKind.Tag, r[10..]),
        _ => null,
    };

    public string FullName => (Kind == RefKind.Branch ? "refs/heads/" : "refs/tags/") + Name;

    public override string ToString() => $"{(Kind == RefKind.Branch ? "branch" : "tag")} {Name}";
}
