namespace Wharf.Build.Layers;

/// <summary>What <see cref="LayerUnpacker"/> makes of a layer's whiteouts.</summary>
public enum UnpackMode
{
    /// <summary>The target becomes an overlayfs lower layer: a whiteout becomes a character device 0/0, an opaque
    /// marker the <c>trusted.overlay.opaque</c> xattr on its directory; the kernel does the hiding.</summary>
    OverlayLayer,

    /// <summary>The layer is applied onto the tree already in the target: whiteouts delete from it, an opaque marker
    /// empties its directory of everything this layer did not bring (a root without overlayfs; ADD's extraction).</summary>
    Apply,
}
