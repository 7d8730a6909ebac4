namespace Wharf.Build.Filesystem;

/// <summary>One change a layer carries, as a diff (<see cref="OverlayUpperDiff"/>, <see cref="TreeSnapshot"/>) found it
/// and the layer writer emits it. <paramref name="Path"/> is relative and '/'-separated, with no leading "/" or "./"
/// and no trailing slash. An <see cref="LayerEntryKind.OpaqueDirectory"/>'s directory is listed as an
/// <see cref="LayerEntryKind.Object"/> entry as well, since the marker hides only what lies below it.</summary>
public sealed record LayerEntry(string Path, LayerEntryKind Kind);
