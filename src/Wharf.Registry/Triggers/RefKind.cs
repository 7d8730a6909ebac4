namespace Wharf.Registry.Triggers;

/// <summary>What a git ref is, as a build rule's source type names it.</summary>
public enum RefKind
{
    Branch,
    Tag,
}
