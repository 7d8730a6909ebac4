using System.Diagnostics.CodeAnalysis;

namespace Wharf.Build.Filesystem;

/// <summary>What a <see cref="LayerEntry"/> asks the layer writer to emit.</summary>
public enum LayerEntryKind
{
    /// <summary>The file system object at the path goes into the layer as it is.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A file system object: the word the OCI image-spec and overlayfs use.")]
    Object,

    /// <summary>The path was deleted: the writer emits <c>&lt;dir&gt;/.wh.&lt;name&gt;</c>.</summary>
    Whiteout,

    /// <summary>The directory's lower contents are hidden: the writer emits <c>&lt;path&gt;/.wh..wh..opq</c>.</summary>
    OpaqueDirectory,
}
