using Wharf.Oci.Images;

namespace Wharf.Registry.Builds;

/// <summary>One <c>--cache-to</c> of a build on the server: the tag its cache entries are pushed under (on this
/// registry only: decision 019), which entries (<c>min</c>, the final image's steps, or <c>max</c>, every stage's), and
/// whether a failed export is only a warning.</summary>
public sealed record BuildCacheTarget(ImageReference Reference, string Mode = BuildCacheTarget.Min, bool IgnoreError = false)
{
    public const string Min = "min";
    public const string Max = "max";
}
