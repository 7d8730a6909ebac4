namespace Wharf.Oci.Images;

/// <summary>Whether a destination needed a blob's bytes.</summary>
public enum BlobReuse
{
    /// <summary>The destination lacks the blob: its bytes must be sent.</summary>
    None,

    /// <summary>The destination already has the blob.</summary>
    Exists,

    /// <summary>The destination registry linked it from the source repository (cross-repository mount).</summary>
    Mounted,
}
