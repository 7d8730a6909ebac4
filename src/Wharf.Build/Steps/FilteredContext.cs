using Wharf.Build.Context;
using Wharf.Build.Native;

namespace Wharf.Build.Steps;

/// <summary>A context directory that a <c>RUN --mount=type=bind</c> (no <c>from=</c>) shows, where the
/// <c>.dockerignore</c> excludes something below it. BuildKit's context never holds excluded files, so the step must
/// not see them: it gets a copy of the directory without them (<see cref="CopyTo"/>, made only when the step really
/// runs), and the build cache hashes only what the copy holds (<see cref="Hides"/>). An excluded directory that an
/// exception (<c>!</c>) re-includes something from is walked, as COPY walks it.</summary>
internal sealed record FilteredContext(string RelativePath, DockerignoreMatcher Ignore)
{
    /// <summary>The filter for the context directory <paramref name="hostPath"/> (<paramref name="relative"/> to the
    /// context), or null when the ignore file excludes nothing below it, so the directory can be bound as it is.</summary>
    public static FilteredContext? For(string hostPath, string relative, DockerignoreMatcher ignore) =>
        ignore.Patterns.Count > 0 && Directory.Exists(hostPath) && ExcludesBelow(hostPath, relative, ignore) ? new FilteredContext(relative, ignore) : null;

    /// <summary>Whether a path (relative to the context) is left out with everything below it.</summary>
    public bool Hides(string path) => Ignore.IsExcluded(path) && !Ignore.MayIncludeBelow(path);

    /// <summary>Copies what the bind shows of <paramref name="hostPath"/> to the new directory
    /// <paramref name="destination"/>: contents, owners, modes and times as they are, excluded paths left out.</summary>
    public void CopyTo(string hostPath, string destination)
    {
        Directory.CreateDirectory(destination);
        FileCopier.Copy(new CopySource(hostPath, RelativePath, true), destination, "/", CopyOwnership.Preserve, Ignore.IsExcluded, Ignore.MayIncludeBelow);
        var status = LinuxFiles.Lstat(hostPath);
        LinuxFiles.Lchown(destination, status.Uid, status.Gid);
        LinuxFiles.Chmod(destination, status.Mode);
        LinuxFiles.SetTimes(destination, status.MtimeSeconds, status.MtimeNanoseconds);
    }

    private static bool ExcludesBelow(string hostDirectory, string relative, DockerignoreMatcher ignore)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(hostDirectory))
        {
            var name = Path.GetFileName(child);
            var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
            if (ignore.IsExcluded(childRelative))
            {
                return true;
            }

            if (Directory.Exists(child) && new DirectoryInfo(child).LinkTarget is null && ExcludesBelow(child, childRelative, ignore))
            {
                return true;
            }
        }

        return false;
    }
}
