using Wharf.Oci.Images;

namespace Wharf.Build.Cache;

/// <summary>One <c>--cache-to</c>: where the build's cache entries go after a successful build, and which of them.</summary>
/// <param name="Reference">The tag the cache manifest is pushed under (HOST/REPO:TAG).</param>
/// <param name="Mode">Which entries (<see cref="CacheMode.Min"/> by default, as buildx).</param>
/// <param name="IgnoreError">A failed export is a warning in the build log instead of the build's failure (buildx's
/// <c>ignore-error=true</c>).</param>
public sealed record CacheExport(ImageReference Reference, CacheMode Mode = CacheMode.Min, bool IgnoreError = false);
