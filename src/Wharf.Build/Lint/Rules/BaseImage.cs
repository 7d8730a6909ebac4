using System.Text.RegularExpressions;
using Wharf.Build.Dockerfile;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// The image a stage is built FROM, split into name, tag and digest; null for <c>scratch</c>, an earlier stage, or a
/// reference that needs a build arg without a default (its value is unknown until the build). Global ARG defaults
/// are substituted, as the build would without <c>--build-arg</c>.
/// </summary>
internal sealed partial record BaseImage(string Reference, string Name, string? Tag, bool HasDigest)
{
    public static BaseImage? Of(LintContext context, Stage stage)
    {
        if (stage.From.IsScratch || context.Parent(stage) is not null)
        {
            return null;
        }

        var text = stage.From.BaseName;
        if (text.Contains('$', StringComparison.Ordinal))
        {
            text = Substitute(context, stage, text);
            if (text is null || text.Equals("scratch", StringComparison.OrdinalIgnoreCase)
                || context.Dockerfile.Stages.Take(stage.Index).Any(s => string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at < 0 ? text : text[..at];
        var colon = withoutDigest.LastIndexOf(':');
        var tag = colon > withoutDigest.LastIndexOf('/') ? withoutDigest[(colon + 1)..] : null;
        var name = tag is null ? withoutDigest : withoutDigest[..colon];
        return new BaseImage(text, name, tag, at >= 0);
    }

    private static string? Substitute(LintContext context, Stage stage, string text)
    {
        try
        {
            // A bad substitution is the build's error to report; the linter only gives up on this FROM.
            var evaluator = new DockerfileEvaluator(context.Dockerfile, BuildInputs.Default);
            var unknown = Variable().Matches(text).Any(m => !evaluator.GlobalScope.ContainsKey(m.Groups[1].Value));
            return unknown && !text.Contains(":-", StringComparison.Ordinal) ? null : evaluator.ResolveBaseName(stage);
        }
        catch (DockerfileException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
