namespace Wharf.Oci.Client;

/// <summary>An open blob upload: the registry's upload URL (opaque; always the latest Location it sent) and the
/// minimum chunk it asked for with <c>OCI-Chunk-Min-Length</c>, if any.</summary>
public sealed record UploadSession(Uri Location, long? MinChunkLength);
