namespace Wharf.Build.Lint;

/// <summary>
/// One entry of a layer as the waste analysis needs it. <see cref="Path"/> is relative, without a leading slash
/// (<c>var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease</c>); <see cref="Size"/> is the file's size (0 for
/// directories, links and whiteouts). <see cref="Whiteout"/>: this layer deletes Path and everything under it
/// (<c>.wh.name</c>); <see cref="OpaqueDirectory"/>: the directory's contents in earlier layers are hidden
/// (<c>.wh..wh..opq</c>), the directory itself stays.
/// </summary>
public sealed record LayerPath(string Path, long Size, bool Whiteout, bool OpaqueDirectory);
