using System.Text.RegularExpressions;

namespace Wharf.Oci.Layout;

/// <summary>The names image-spec image-layout.md fixes: the <c>oci-layout</c> marker, <c>index.json</c>, blobs under
/// <c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c>, and the <c>org.opencontainers.image.ref.name</c> annotation that tags an
/// index.json entry.</summary>
public static partial class ImageLayout
{
    public const string LayoutFile = "oci-layout";
    public const string IndexFile = "index.json";
    public const string BlobsDirectory = "blobs";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>image-layout.md: the marker is <c>{"imageLayoutVersion": "1.0.0"}</c>.</summary>
    public const string Version = "1.0.0";

    /// <summary>The relative path of a blob, with '/' separators (as in a tar).</summary>
    public static string BlobPath(Digest digest) => $"{BlobsDirectory}/{digest.Algorithm}/{digest.Hex}";

    /// <summary>annotations.md: a ref.name is <c>component ("/" component)*</c>, a component alphanumerics joined by
    /// one of <c>-._:@+</c> or <c>--</c>.</summary>
    public static bool IsValidRefName(string? name) => name is not null && RefName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RefName();
}
