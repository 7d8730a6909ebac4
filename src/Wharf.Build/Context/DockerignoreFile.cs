namespace Wharf.Build.Context;

/// <summary>
/// Which ignore file applies to a build: <c>&lt;Dockerfile&gt;.dockerignore</c> next to the Dockerfile (e.g.
/// <c>build/app.Dockerfile.dockerignore</c>) takes precedence over the context's <c>.dockerignore</c>.
/// </summary>
public static class DockerignoreFile
{
    /// <summary>The path of the ignore file to use, or null when there is none; <paramref name="exists"/> keeps this testable.</summary>
    public static string? Locate(string contextDirectory, string dockerfilePath, Func<string, bool> exists)
    {
        var specific = dockerfilePath + ".dockerignore";
        if (exists(specific))
        {
            return specific;
        }

        var general = Path.Combine(contextDirectory, ".dockerignore");
        return exists(general) ? general : null;
    }

    /// <summary>Reads the applicable ignore file; an empty matcher when there is none.</summary>
    public static async Task<DockerignoreMatcher> LoadAsync(string contextDirectory, string dockerfilePath, CancellationToken ct)
    {
        var path = Locate(contextDirectory, dockerfilePath, File.Exists);
        return path is null ? DockerignoreMatcher.Empty : DockerignoreMatcher.Parse(await File.ReadAllTextAsync(path, ct));
    }
}
