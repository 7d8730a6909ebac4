using Wharf.Build.Dockerfile;
using Wharf.Build.Lint.Rules;

namespace Wharf.Build.Lint;

/// <summary>
/// Layering and pinning advice from a Dockerfile alone, without building it: what makes images bigger than they
/// need be, rebuilds drift, or the build cache miss. Pure and cheap (the parsed records in, advice out), so
/// <c>wharf lint</c> and every build run it. Rules silenced by <c># check=skip=Id,…</c> (or <c>skip=all</c>) give no
/// advice.
/// </summary>
public static class DockerfileLinter
{
    private static readonly ILintRule[] Rules =
    [
        new CleanupInLaterLayerRule(),
        new PackageCacheLeftRule(),
        new UnpinnedPackagesRule(),
        new FromMovingTagRule(),
        new FromLatestRule(),
        new CopyAllBeforeInstallRule(),
        new AddInsteadOfCopyRule(),
        new SecretsUsedInArgOrEnvRule(),
        new LastUserRootRule(),
        new TooManyLayersRule(),
    ];

    /// <summary>The ids of the rules <see cref="Lint"/> applies.</summary>
    public static IReadOnlyList<string> RuleIds { get; } = [.. Rules.Select(r => r.Id)];

    /// <summary>The advice for <paramref name="dockerfile"/>, in line order; empty when there is none.</summary>
    public static IReadOnlyList<Advice> Lint(ParsedDockerfile dockerfile)
    {
        var check = dockerfile.Directives.Check;
        var context = new LintContext(dockerfile);
        return [.. Rules.Where(r => !check.Skips(r.Id)).SelectMany(r => r.Check(context)).OrderBy(a => a.Line).ThenBy(a => a.RuleId, StringComparer.Ordinal)];
    }
}
