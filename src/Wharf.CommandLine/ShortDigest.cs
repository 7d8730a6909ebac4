using Wharf.Oci;

namespace Wharf.CommandLine;

/// <summary>A digest as progress output shows it: the algorithm and the first 12 hex digits.</summary>
public static class ShortDigest
{
    public static string Of(Digest digest) => digest.ToString()[..Math.Min(digest.ToString().Length, 19)];
}
