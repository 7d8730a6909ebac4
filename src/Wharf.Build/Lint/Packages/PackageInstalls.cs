using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Lint.Packages;

/// <summary>Recognises an install command of any package manager the linter knows, or returns null.</summary>
internal static class PackageInstalls
{
    public static PackageInstall? Find(ShellCommand command) =>
        AptCommand.Install(command) ?? ApkCommand.Install(command) ?? PipCommand.Install(command)
        ?? NodePackageCommand.Install(command) ?? GemCommand.Install(command) ?? ManifestInstall.Install(command);
}
