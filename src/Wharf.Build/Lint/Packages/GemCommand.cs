using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary><c>gem install</c>: a gem is pinned by <c>-v</c>/<c>--version</c> or by <c>name:version</c>.</summary>
internal static class GemCommand
{
    private static readonly HashSet<string> OptionsWithValue =
        ["-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s", "--source", "-P", "--trust-policy", "--platform", "-g", "--file", "--document"];

    public static PackageInstall? Install(ShellCommand command)
    {
        if (command.Name != "gem" || CommandOperands.Subcommand(command.Words, OptionsWithValue) is not (var index and > 0) || command.Words[index] != "install")
        {
            return null;
        }

        var versioned = CommandOperands.Value(command.Words, "-v", "--version") is not null;
        var operands = CommandOperands.After(command.Words, index + 1, OptionsWithValue);
        var unpinned = versioned ? [] : operands.Where(g => !CommandOperands.IsUnknown(g) && !g.Contains(':', StringComparison.Ordinal)
            && !g.EndsWith(".gem", StringComparison.Ordinal) && !g.StartsWith('.') && !g.StartsWith('/'));
        return new PackageInstall("gem install", [.. unpinned], FromManifest: false, SystemPackages: false, "name -v version, or name:version");
    }
}
