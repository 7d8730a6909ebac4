using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>
/// Which caches and temporary paths one command fills, and which paths it removes, as far as the command line shows.
/// A fill is a (<see cref="PackageCache"/>, path) pair: the path is the cache directory, or for
/// <see cref="PackageCache.Temporary"/> the file under <c>/tmp</c> the command names.
/// </summary>
internal static class CacheEffects
{
    /// <param name="command">The command.</param>
    /// <param name="environment">Variables set for the RUN (ENV and ARG of the stage so far), which can move a cache.</param>
    public static IEnumerable<(PackageCache Cache, string Path)> Fills(ShellCommand command, IReadOnlySet<string> environment)
    {
        var apt = AptCommand.Subcommand(command);
        if (apt == "update")
        {
            yield return (PackageCache.AptLists, PackageCache.AptLists.Directory);
        }

        if (apt is "install" or "upgrade" or "dist-upgrade" or "full-upgrade")
        {
            yield return (PackageCache.AptArchives, PackageCache.AptArchives.Directory);
        }

        if (ApkCommand.KeepsIndex(command))
        {
            yield return (PackageCache.Apk, PackageCache.Apk.Directory);
        }

        if (PipCommand.KeepsDownloads(command, environment))
        {
            yield return (PackageCache.Pip, PackageCache.Pip.Directory);
        }

        if (NodePackageCommand.FillsNpmCache(command, environment))
        {
            yield return (PackageCache.Npm, PackageCache.Npm.Directory);
        }

        if (command.Name == "yarn" && NodePackageCommand.Subcommand(command) is "install" or "add" or "global")
        {
            yield return (PackageCache.Yarn, PackageCache.Yarn.Directory);
        }

        if (command.Name is not ("rm" or "find"))
        {
            // A path these commands name holds no new bytes (only what they print, if redirected, does).
            var named = command.Name is "chmod" or "chown" or "chgrp" or "mkdir" or "ls" or "test" or "[" or "echo" or "printf" or "stat"
                ? command.RedirectTargets
                : [.. command.Arguments, .. command.RedirectTargets];
            foreach (var path in named.Select(CachePath.Normalize).OfType<string>().Where(p => CachePath.Covers("/tmp", p)).Distinct())
            {
                yield return (PackageCache.Temporary, path);
            }
        }
    }

    /// <summary>The paths (in <see cref="CachePath"/> form) the command deletes.</summary>
    public static IEnumerable<string> Removes(ShellCommand command)
    {
        switch (command.Name)
        {
            case "rm":
                return command.Arguments.Where(a => !a.StartsWith('-')).Select(CachePath.Normalize).OfType<string>();
            case "find" when command.Has("-delete") || command.Arguments.Contains("rm"):
                return command.Arguments.TakeWhile(a => !a.StartsWith('-')).Select(CachePath.Normalize).OfType<string>();
        }

        var cleaned = AptCommand.Subcommand(command) == "clean" ? PackageCache.AptArchives
            : ApkCommand.Subcommand(command) == "cache" && command.Arguments.Any(a => a is "clean" or "purge") ? PackageCache.Apk
            : PipCommand.Subcommand(command) == "cache" && command.Arguments.Any(a => a is "purge" or "remove") ? PackageCache.Pip
            : command.Name == "npm" && NodePackageCommand.Subcommand(command) == "cache" && command.Arguments.Any(a => a is "clean" or "clear") ? PackageCache.Npm
            : command.Name == "yarn" && NodePackageCommand.Subcommand(command) == "cache" && command.Has("clean") ? PackageCache.Yarn
            : null;
        return cleaned is null ? [] : [cleaned.Directory];
    }
}
