using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary><c>apt-get</c>, <c>apt</c> and <c>aptitude</c>: which subcommand runs and which packages it installs.</summary>
internal static class AptCommand
{
    private static readonly HashSet<string> Programs = ["apt-get", "apt", "aptitude"];

    private static readonly HashSet<string> OptionsWithValue = ["-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a", "--host-architecture"];

    /// <summary>The subcommand (<c>update</c>, <c>install</c>, <c>clean</c>…), or null when this is not apt.</summary>
    public static string? Subcommand(ShellCommand command)
    {
        if (!Programs.Contains(command.Name))
        {
            return null;
        }

        var index = CommandOperands.Subcommand(command.Words, OptionsWithValue);
        return index < 0 ? null : command.Words[index];
    }

    public static PackageInstall? Install(ShellCommand command)
    {
        if (Subcommand(command) != "install")
        {
            return null;
        }

        var operands = CommandOperands.After(command.Words, 1, OptionsWithValue).Skip(1);
        var unpinned = operands.Where(p => !CommandOperands.IsUnknown(p) && !p.Contains('=', StringComparison.Ordinal)
            && !p.EndsWith(".deb", StringComparison.Ordinal) && !p.StartsWith('.') && !p.StartsWith('/') && !p.StartsWith('~') && !p.StartsWith('?'));
        return new PackageInstall($"{command.Name} install", [.. unpinned], FromManifest: false, SystemPackages: true, "name=version (apt-cache policy name shows the candidates)");
    }
}
