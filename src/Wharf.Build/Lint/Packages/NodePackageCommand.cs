using System.Text.RegularExpressions;
using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>
/// npm, yarn and pnpm: <c>npm ci</c> and a bare <c>npm install</c> install the lockfile's versions; <c>npm install
/// name</c> or <c>yarn add name</c> without an exact <c>@1.2.3</c> installs whatever is newest that day.
/// </summary>
internal static partial class NodePackageCommand
{
    private static readonly HashSet<string> OptionsWithValue =
        ["--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--include", "--tag", "--loglevel", "--userconfig", "--install-strategy", "--cwd", "--modules-folder", "--filter", "-C", "--dir"];

    private static readonly HashSet<string> NpmInstall = ["install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isntal", "isntall", "add"];

    private static readonly HashSet<string> NpmCleanInstall = ["ci", "clean-install", "ic", "install-clean", "isntall-clean"];

    /// <summary>The subcommand of npm, yarn or pnpm (<c>install</c> for a bare <c>yarn</c>), or null.</summary>
    public static string? Subcommand(ShellCommand command)
    {
        if (command.Name is not ("npm" or "yarn" or "pnpm"))
        {
            return null;
        }

        var index = CommandOperands.Subcommand(command.Words, OptionsWithValue);
        return index < 0 ? (command.Name == "yarn" ? "install" : null) : command.Words[index];
    }

    /// <summary>True when npm fills its cache (<c>~/.npm</c>) and nothing moved it elsewhere.</summary>
    public static bool FillsNpmCache(ShellCommand command, IReadOnlySet<string> environment) =>
        command.Name == "npm" && Subcommand(command) is { } sub && (NpmInstall.Contains(sub) || NpmCleanInstall.Contains(sub))
        && CommandOperands.Value(command.Words, "--cache") is null
        && !command.Assigns("npm_config_cache") && !environment.Contains("npm_config_cache") && !environment.Contains("NPM_CONFIG_CACHE");

    public static PackageInstall? Install(ShellCommand command)
    {
        var sub = Subcommand(command);
        if (sub is null)
        {
            return null;
        }

        var words = command.Words;
        var index = CommandOperands.Subcommand(words, OptionsWithValue);
        if (command.Name == "npm" && NpmCleanInstall.Contains(sub))
        {
            return new PackageInstall($"npm {sub}", [], FromManifest: true, SystemPackages: false, "");
        }

        if (command.Name == "yarn" && sub == "global" && index + 1 < words.Count)
        {
            index++;
            sub = words[index];
        }

        var adds = command.Name == "npm" ? NpmInstall.Contains(sub) : sub is "add" or "install" or "i" || (command.Name == "yarn" && index < 0);
        if (!adds)
        {
            return null;
        }

        var operands = index < 0 ? [] : CommandOperands.After(words, index + 1, OptionsWithValue);
        var tool = index < 0 ? command.Name : $"{command.Name} {sub}";
        return new PackageInstall(tool, [.. operands.Where(IsUnpinned)], FromManifest: operands.Count == 0, SystemPackages: false, "name@1.2.3, or a lockfile and npm ci");
    }

    private static bool IsUnpinned(string spec)
    {
        if (CommandOperands.IsUnknown(spec) || spec.StartsWith('.') || spec.StartsWith('/') || spec.Contains(':', StringComparison.Ordinal)
            || spec.EndsWith(".tgz", StringComparison.Ordinal) || spec.EndsWith(".tar.gz", StringComparison.Ordinal))
        {
            return false;
        }

        var name = spec.StartsWith('@') ? spec[1..] : spec;
        if (!spec.StartsWith('@') && name.Contains('/', StringComparison.Ordinal))
        {
            return false; // user/repo: a GitHub shorthand
        }

        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at < 0 || !ExactVersion().IsMatch(name[(at + 1)..]);
    }

    [GeneratedRegex(@"^=?v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$")]
    private static partial Regex ExactVersion();
}
