using Wharf.Build.Context;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>Finds what a COPY or ADD source names under a root (the build context, or another stage's filesystem):
/// the path is cleaned and resolved inside the root (a link or <c>..</c> never leads out of it), wildcards in any
/// component match names there, and paths the <c>.dockerignore</c> excludes are not seen at all.</summary>
internal static class CopySources
{
    public static IReadOnlyList<CopySource> Find(string root, string source, DockerignoreMatcher ignore)
    {
        var cleaned = ContextPath.Clean("/" + source).TrimStart('/');
        var components = cleaned.Length == 0 ? [] : cleaned.Split('/');
        var matches = new List<string> { "" };
        foreach (var component in components)
        {
            var next = new List<string>();
            foreach (var prefix in matches)
            {
                if (!GlobPattern.HasWildcard(component))
                {
                    next.Add(Join(prefix, component));
                    continue;
                }

                var directory = RootPath.Resolve(root, prefix);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                var pattern = GlobPattern.Compile(component);
                next.AddRange(Directory.EnumerateFileSystemEntries(directory)
                    .Select(Path.GetFileName)
                    .OfType<string>()
                    .Where(name => pattern.IsMatch(name))
                    .Order(StringComparer.Ordinal)
                    .Select(name => Join(prefix, name)));
            }

            matches = next;
        }

        var found = new List<CopySource>();
        foreach (var relative in matches)
        {
            if (relative.Length > 0 && ignore.IsExcluded(relative))
            {
                continue;
            }

            var hostPath = RootPath.Resolve(root, relative);
            if (Directory.Exists(hostPath))
            {
                found.Add(new CopySource(hostPath, relative, true));
            }
            else if (File.Exists(hostPath))
            {
                found.Add(new CopySource(hostPath, relative, false));
            }
        }

        return found;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}/{name}";
}
