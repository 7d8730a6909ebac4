using Wharf.Oci;

namespace Wharf.Build.Images;

/// <summary>One layer of an image: its blob (compressed, as pushed) and its diffID (the digest of the tar inside),
/// which is what names its unpacked directory and what the config lists.</summary>
public sealed record ImageLayer(Descriptor Blob, Digest DiffId);
