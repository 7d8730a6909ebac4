namespace Wharf.Build.Context;

/// <summary>
/// Decides which context paths a <c>.dockerignore</c> excludes. Rules apply in order and the last matching rule
/// wins; a rule matching a parent directory matches everything below it, and a later <c>!</c> rule re-includes.
/// </summary>
public sealed class DockerignoreMatcher
{
    private readonly IReadOnlyList<DockerignorePattern> _patterns;

    public DockerignoreMatcher(IReadOnlyList<DockerignorePattern> patterns) => _patterns = patterns;

    public static DockerignoreMatcher Empty { get; } = new([]);

    public IReadOnlyList<DockerignorePattern> Patterns => _patterns;

    /// <summary>Parses a <c>.dockerignore</c>'s text: <c>#</c> comments, blank lines, <c>!</c> exceptions, paths cleaned.</summary>
    public static DockerignoreMatcher Parse(string text)
    {
        var patterns = new List<DockerignorePattern>();
        foreach (var rawLine in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var isException = line.StartsWith('!');
            if (isException)
            {
                line = line[1..].Trim();
            }

            if (line.Length > 0)
            {
                line = ContextPath.Clean(line);
                if (line.Length > 1 && line.StartsWith('/'))
                {
                    line = line[1..];
                }
            }

            patterns.Add(new DockerignorePattern(line, isException));
        }

        return new DockerignoreMatcher(patterns);
    }

    /// <summary>Whether an excluded directory must still be walked because an exception (<c>!</c>) rule may re-include
    /// something below it: docker's test, an exception pattern that starts with the directory's path and a slash.</summary>
    public bool MayIncludeBelow(string directory)
    {
        var prefix = ContextPath.Clean(directory.Replace('\\', '/')).TrimStart('/') + "/";
        return _patterns.Any(p => p.IsException && (p.Pattern + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Whether <paramref name="path"/> (relative to the context, either separator) is left out of the build context.</summary>
    public bool IsExcluded(string path)
    {
        var clean = ContextPath.Clean(path.Replace('\\', '/')).TrimStart('/');
        var parents = clean.Split('/');
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            // Only a rule that could change the answer is worth evaluating.
            if (pattern.IsException != excluded)
            {
                continue;
            }

            var match = pattern.Matches(clean);
            for (var depth = 1; !match && depth < parents.Length; depth++)
            {
                match = pattern.Matches(string.Join('/', parents.Take(depth)));
            }

            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }
}
