using Wharf.Build.Filesystem;

namespace Wharf.Build.Rootfs;

/// <summary>What a step changed: the entries of its layer, read from <see cref="SourceRoot"/> by the layer writer.</summary>
internal sealed record StepChanges(IReadOnlyList<LayerEntry> Entries, string SourceRoot);
