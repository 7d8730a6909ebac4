namespace Wharf.Oci.Client;

/// <summary>A registry answer that interrupts an upload without ending it (5xx, 416, a lost session, a token renewed
/// mid-chunk): the uploader asks where the registry stands and goes on. Never leaves <see cref="BlobUploader"/>.</summary>
internal sealed class UploadInterruptedException(string message) : Exception(message);
