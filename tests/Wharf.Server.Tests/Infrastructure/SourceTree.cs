using System.Reflection;

namespace Wharf.Server.Tests.Infrastructure;

/// <summary>Where the repository and this build's outputs are, found from the test assembly's location.</summary>
public static class SourceTree
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding <c>Wharf.slnx</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The build configuration the tests were built in (Debug or Release), so a tool built for them matches.</summary>
    public static string Configuration =>
        typeof(SourceTree).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wharf.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}: the tests must run from a build inside the repository");
    }
}
