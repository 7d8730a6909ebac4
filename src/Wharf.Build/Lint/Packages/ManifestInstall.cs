using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>
/// Installers that read only a manifest or lockfile from the context (<c>bundle install</c>, <c>go mod download</c>,
/// <c>composer install</c>, <c>poetry install</c>, <c>dotnet restore</c>…): they pin through that file, so the only
/// advice about them is where they sit relative to a <c>COPY</c> of the whole context.
/// </summary>
internal static class ManifestInstall
{
    private static readonly (string Program, string[] Subcommand)[] Known =
    [
        ("bundle", ["install"]), ("bundle", []), ("go", ["mod", "download"]), ("composer", ["install"]), ("poetry", ["install"]),
        ("pipenv", ["install"]), ("pipenv", ["sync"]), ("uv", ["sync"]), ("pdm", ["install"]), ("dotnet", ["restore"]),
        ("cargo", ["fetch"]), ("mvn", ["dependency:go-offline"]), ("mvn", ["dependency:resolve"]), ("mix", ["deps.get"]),
    ];

    public static PackageInstall? Install(ShellCommand command)
    {
        var operands = command.Words.Skip(1).Where(w => !w.StartsWith('-')).ToList();
        foreach (var (program, subcommand) in Known)
        {
            if (command.Name == program && (subcommand.Length == 0 ? operands.Count == 0 : operands.Take(subcommand.Length).SequenceEqual(subcommand)))
            {
                return new PackageInstall(string.Join(' ', [program, .. subcommand]), [], FromManifest: true, SystemPackages: false, "");
            }
        }

        return null;
    }
}
