using Wharf.Build.Dockerfile;
using Wharf.Build.Lint;

namespace Wharf.Build.Tests.Lint;

/// <summary>Lints Dockerfile text and picks one rule's advice, so each rule's tests read as Dockerfile → advice.</summary>
internal static class Linted
{
    public static IReadOnlyList<Advice> All(string dockerfile) => DockerfileLinter.Lint(DockerfileParser.Parse(dockerfile));

    public static IReadOnlyList<Advice> By(string ruleId, string dockerfile) => [.. All(dockerfile).Where(a => a.RuleId == ruleId)];

    /// <summary>The lines the rule advises on.</summary>
    public static int[] Lines(string ruleId, string dockerfile) => [.. By(ruleId, dockerfile).Select(a => a.Line)];
}
