using System.Text.RegularExpressions;
using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>
/// pip, however it is started (<c>pip</c>, <c>pip3.12</c>, <c>python3 -m pip</c>, <c>uv pip</c>): its subcommand,
/// the requirements it installs and whether it keeps downloads in <c>~/.cache/pip</c>.
/// </summary>
internal static partial class PipCommand
{
    private static readonly HashSet<string> OptionsWithValue =
    [
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
        "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--platform", "--python-version",
        "--implementation", "--abi", "--trusted-host", "--src", "--upgrade-strategy", "--progress-bar", "-C",
        "--config-settings", "--global-option", "--no-binary", "--only-binary", "--cache-dir", "--log", "--proxy",
        "--retries", "--timeout", "--exists-action", "--cert", "--client-cert", "--report", "--python",
    ];

    /// <summary>The index of pip's subcommand word, or -1 when this command is not pip.</summary>
    public static int SubcommandIndex(ShellCommand command)
    {
        var words = command.Words;
        var start = PipProgram().IsMatch(command.Name) ? 1
            : PythonProgram().IsMatch(command.Name) && words.Count > 2 && words[1] == "-m" && words[2] == "pip" ? 3
            : command.Name == "uv" && words.Count > 1 && words[1] == "pip" ? 2
            : -1;
        if (start < 0)
        {
            return -1;
        }

        var index = CommandOperands.Subcommand([.. words.Skip(start - 1)], OptionsWithValue);
        return index < 0 ? -1 : index + start - 1;
    }

    public static string? Subcommand(ShellCommand command) => SubcommandIndex(command) is var i and >= 0 ? command.Words[i] : null;

    /// <summary>True when an install keeps what it downloads: no <c>--no-cache-dir</c>, no <c>PIP_NO_CACHE_DIR</c>,
    /// no <c>--cache-dir</c> elsewhere; <c>uv</c> keeps its own cache, which this does not judge.</summary>
    public static bool KeepsDownloads(ShellCommand command, IReadOnlySet<string> environment) =>
        Subcommand(command) == "install" && command.Name != "uv"
        && !command.Has("--no-cache-dir") && CommandOperands.Value(command.Words, "--cache-dir") is null
        && !command.Assigns("PIP_NO_CACHE_DIR") && !environment.Contains("PIP_NO_CACHE_DIR");

    public static PackageInstall? Install(ShellCommand command)
    {
        var index = SubcommandIndex(command);
        if (index < 0 || command.Words[index] != "install")
        {
            return null;
        }

        var words = command.Words;
        var operands = CommandOperands.After(words, index + 1, OptionsWithValue);
        var fromManifest = CommandOperands.Value(words, "-r", "--requirement") is not null;
        var project = CommandOperands.Value(words, "-e", "--editable") is not null || operands.Any(o => o == "." || o.StartsWith("./", StringComparison.Ordinal));
        var pinnedByConstraints = CommandOperands.Value(words, "-c", "--constraint") is not null;
        var unpinned = pinnedByConstraints ? [] : operands.Where(IsUnpinnedRequirement);
        var tool = string.Join(' ', words.Take(index + 1).Select(Path.GetFileName));
        return new PackageInstall(tool, [.. unpinned], fromManifest, SystemPackages: false, "name==version, or a requirements file with hashes", project);
    }

    // A requirement by name alone or with a range (flask, "flask>=2"): only == or === (or a URL, a file) is one build.
    private static bool IsUnpinnedRequirement(string requirement) =>
        !CommandOperands.IsUnknown(requirement) && !requirement.Contains("==", StringComparison.Ordinal)
        && !requirement.Contains('/', StringComparison.Ordinal) && !requirement.Contains('@', StringComparison.Ordinal)
        && !requirement.StartsWith('.')
        && !requirement.EndsWith(".whl", StringComparison.Ordinal) && !requirement.EndsWith(".tar.gz", StringComparison.Ordinal)
        && !requirement.EndsWith(".zip", StringComparison.Ordinal);

    [GeneratedRegex(@"^pip(\d+(\.\d+)?)?$")]
    private static partial Regex PipProgram();

    [GeneratedRegex(@"^python(\d+(\.\d+)?)?$")]
    private static partial Regex PythonProgram();
}
