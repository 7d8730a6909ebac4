using Wharf.Build.Filesystem;

namespace Wharf.Build.Layers;

/// <summary>One thing a written layer holds, for layering advice ("this RUN added 300 MiB under /var/cache"). Path is
/// the entry's path (a directory's without the tar's trailing slash, a whiteout's as the deleted path, an opaque marker's
/// as its directory); Size is the bytes of file data the entry carries (0 for a hard link, directory or whiteout).</summary>
public sealed record LayerRecord(string Path, long Size, LayerEntryKind Kind);
