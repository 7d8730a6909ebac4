namespace Wharf.Registry.Triggers;

/// <summary>One build rule of a trigger, in Docker Hub's terms: which branches or tags (<see cref="Kind"/> and
/// <see cref="Source"/>) build which image tag (<see cref="Tag"/>), from which Dockerfile and context folder, with which
/// build args; <see cref="Autobuild"/> off keeps the rule for "build now" only; <see cref="Cache"/> off builds without the
/// build cache; <see cref="Test"/> a shell command run in the built image whose failure stops the push (Docker Hub's
/// <c>sut</c> service).</summary>
public sealed record BuildRule(
    RefKind Kind,
    RuleSource Source,
    TagTemplate Tag,
    string Dockerfile = "Dockerfile",
    string Context = ".",
    IReadOnlyDictionary<string, string>? BuildArgs = null,
    bool Autobuild = true,
    bool Cache = true,
    string? Test = null)
{
    /// <summary>The rule a trigger has when it is given none: the default branch builds <c>latest</c>.</summary>
    public static BuildRule DefaultBranch(string defaultBranch)
    {
        var source = RuleSource.Parse(defaultBranch);
        return new BuildRule(RefKind.Branch, source, TagTemplate.Parse("latest", source));
    }

    /// <summary>The image tag this rule gives <paramref name="gitRef"/> at <paramref name="commit"/>; null when the rule
    /// does not take the ref, or (with <paramref name="reason"/>) when its template makes no valid tag of it.</summary>
    public string? TagFor(GitRef gitRef, string commit, out string? reason)
    {
        reason = null;
        if (gitRef.Kind != Kind || Source.Match(gitRef.Name) is not { } captures)
        {
            return null;
        }

        return Tag.Expand(gitRef.Name, captures, commit, out reason);
    }
}
