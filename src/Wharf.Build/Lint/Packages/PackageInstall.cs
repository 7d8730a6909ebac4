namespace Wharf.Build.Lint.Packages;

/// <summary>
/// One install command of a RUN. <see cref="Tool"/> names it for messages (<c>apt-get install</c>, <c>npm ci</c>);
/// <see cref="Unpinned"/> are the packages named without a version (words holding a variable are never counted,
/// since their value is unknown here); <see cref="FromManifest"/> is true when what it installs is listed in a file
/// of the build context (<c>npm ci</c>, <c>pip install -r requirements.txt</c>, <c>bundle install</c>), so copying
/// that file alone before the install keeps the step cached; <see cref="SystemPackages"/> is true for the
/// distribution's package manager, whose installs depend on no file of the context at all;
/// <see cref="InstallsProject"/> is true for an install of the context's own project (<c>pip install .</c>), which
/// needs the sources.
/// </summary>
internal sealed record PackageInstall(
    string Tool, IReadOnlyList<string> Unpinned, bool FromManifest, bool SystemPackages, string PinHint, bool InstallsProject = false);
