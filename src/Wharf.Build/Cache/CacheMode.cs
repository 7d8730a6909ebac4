namespace Wharf.Build.Cache;

/// <summary>Which entries a <c>--cache-to</c> export holds (buildx's <c>mode=</c>).</summary>
public enum CacheMode
{
    /// <summary>The entries of the stages the final image is made of: the final stage and, through FROM, the earlier
    /// stages it starts from. Their layers are the image's own, so the export sends nothing the image does not have.</summary>
    Min,

    /// <summary>The entries of every stage the build ran, builder stages too (their layers are pushed as well).</summary>
    Max,
}
