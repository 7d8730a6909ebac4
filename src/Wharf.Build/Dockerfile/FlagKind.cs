namespace Wharf.Build.Dockerfile;

/// <summary>Whether a flag is a boolean, takes one value, or may be repeated (<c>--exclude</c>, <c>--mount</c>).</summary>
internal enum FlagKind
{
    Boolean,
    String,
    Repeatable,
}
