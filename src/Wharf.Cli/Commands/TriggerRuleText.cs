using Wharf.Cli.Api;

namespace Wharf.Cli.Commands;

/// <summary>A build rule as a person writes it on the command line, as Docker Hub's table reads:
/// <c>branch main -> latest</c>, <c>tag /^v([0-9.]+)$/ -> {\1}</c>. The server checks the source and template.</summary>
internal static class TriggerRuleText
{
    public static TriggerRule Parse(string text, string? dockerfile, string? context, IReadOnlyDictionary<string, string>? buildArgs, bool noCache, string? test)
    {
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        var left = arrow < 0 ? "" : text[..arrow].Trim();
        var tag = arrow < 0 ? "" : text[(arrow + 2)..].Trim();
        var space = left.IndexOf(' ', StringComparison.Ordinal);
        var kind = space < 0 ? left : left[..space];
        var source = space < 0 ? "" : left[(space + 1)..].Trim();
        if (kind is not ("branch" or "tag") || source.Length == 0 || tag.Length == 0)
        {
            throw new ArgumentException($"--rule '{text}': write KIND SOURCE -> TAG, e.g. 'branch main -> latest' or 'tag /^v([0-9.]+)$/ -> {{\\1}}'");
        }

        return new TriggerRule(kind, source, tag, dockerfile, context, buildArgs, Cache: noCache ? false : null, Test: test);
    }

    public static string Format(TriggerRule rule) =>
        $"{rule.Kind} {rule.Source} -> {rule.Tag}" + (rule.Autobuild == false ? " (autobuild off)" : "");
}
