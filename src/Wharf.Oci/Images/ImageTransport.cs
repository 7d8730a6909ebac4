namespace Wharf.Oci.Images;

/// <summary>The kinds of place an image can be (skopeo's transport names, which <see cref="ImageReference"/> parses).</summary>
public enum ImageTransport
{
    /// <summary><c>docker://HOST/REPO[:TAG|@DIGEST]</c>: a registry speaking the distribution-spec.</summary>
    Registry,

    /// <summary><c>oci:DIR[:TAG]</c>: an OCI image layout directory (image-spec image-layout.md).</summary>
    OciLayout,

    /// <summary><c>oci-archive:FILE[:TAG]</c>: an OCI image layout in a tar file.</summary>
    OciArchive,

    /// <summary><c>docker-archive:FILE[:REPO:TAG]</c>: what <c>docker save</c> writes and <c>docker load</c> reads.</summary>
    DockerArchive,
}
