namespace Wharf.Oci.Client;

/// <summary>The answer to a cross-repository mount: mounted (201), or not, with the upload session the registry
/// opened instead (202), which the upload of the blob may use (distribution-spec).</summary>
public sealed record MountResult(bool Mounted, UploadSession? Session);
