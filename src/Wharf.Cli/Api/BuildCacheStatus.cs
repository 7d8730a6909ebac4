namespace Wharf.Cli.Api;

/// <summary>One <c>--cache-to</c> of a build as the server shows it: the tag, <c>min</c> or <c>max</c>, and whether a
/// failed export is only a warning.</summary>
internal sealed record BuildCacheStatus(string Ref, string Mode, bool IgnoreError);
