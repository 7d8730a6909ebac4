namespace Wharf.Oci.Images;

/// <summary>The image, manifest or blob a reference names does not exist where it points.</summary>
public sealed class ImageNotFoundException(string message) : Exception(message);
