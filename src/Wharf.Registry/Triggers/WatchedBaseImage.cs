namespace Wharf.Registry.Triggers;

/// <summary>A tag of this registry a trigger's ref is rebuilt on: its latest successful build of <see cref="SourceRef"/>,
/// which pushed <see cref="ImageTags"/>, read <see cref="Repository"/>:<see cref="Tag"/> when it named
/// <see cref="Digest"/>.</summary>
public sealed record WatchedBaseImage(
    long TriggerId, string SourceRef, IReadOnlyList<string> ImageTags, string Repository, string Tag, string Digest, DateTimeOffset RecordedAt);
