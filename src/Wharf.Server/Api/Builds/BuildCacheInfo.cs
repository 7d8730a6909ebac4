namespace Wharf.Server.Api.Builds;

/// <summary>One <c>cacheTo</c> of a build as the API shows it: the tag (HOST/REPO:TAG), <c>min</c> or <c>max</c>, and
/// whether a failed export is only a warning.</summary>
internal sealed record BuildCacheInfo(string Ref, string Mode, bool IgnoreError);
