using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>Alpine's <c>apk</c>: <c>add</c> and its packages, and whether it keeps its index (<c>--no-cache</c>).</summary>
internal static class ApkCommand
{
    private static readonly HashSet<string> OptionsWithValue =
        ["-t", "--virtual", "-X", "--repository", "-p", "--root", "--keys-dir", "--repositories-file", "--cache-dir", "--arch"];

    /// <summary>The subcommand (<c>add</c>, <c>update</c>, <c>cache</c>…), or null when this is not apk.</summary>
    public static string? Subcommand(ShellCommand command)
    {
        if (command.Name != "apk")
        {
            return null;
        }

        var index = CommandOperands.Subcommand(command.Words, OptionsWithValue);
        return index < 0 ? null : command.Words[index];
    }

    /// <summary>True when the command downloads an index it would keep in /var/cache/apk.</summary>
    public static bool KeepsIndex(ShellCommand command) =>
        Subcommand(command) is "add" or "update" or "upgrade" && !command.Has("--no-cache");

    public static PackageInstall? Install(ShellCommand command)
    {
        if (Subcommand(command) != "add")
        {
            return null;
        }

        var operands = CommandOperands.After(command.Words, 1, OptionsWithValue).Skip(1);
        var unpinned = operands.Where(p => !CommandOperands.IsUnknown(p) && p.IndexOfAny(['=', '~', '<', '>']) < 0
            && !p.EndsWith(".apk", StringComparison.Ordinal) && !p.StartsWith('.') && !p.StartsWith('/'));
        return new PackageInstall("apk add", [.. unpinned], FromManifest: false, SystemPackages: true, "name=version (apk policy name shows it)");
    }
}
