namespace Wharf.Registry.Overview;

/// <summary>A namespace's or a repository's distinct blobs and their bytes.</summary>
public sealed record NamedBytes(string Name, long Blobs, long Bytes);
