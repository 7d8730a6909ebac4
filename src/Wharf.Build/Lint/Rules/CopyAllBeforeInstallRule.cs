using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Packages;

namespace Wharf.Build.Lint.Rules;

/// <summary>
/// <c>COPY . .</c> (the whole context) before a dependency install in the same stage: any edit to any file changes
/// the COPY layer, so the install below it runs again on every build instead of coming from the cache. Installs of
/// the project itself (<c>pip install .</c>) need the sources and are not counted.
/// </summary>
internal sealed class CopyAllBeforeInstallRule : ILintRule
{
    private static readonly HashSet<string> WholeContext = [".", "./", "*", "./*", "/"];

    // What to copy first, by installer: the files it reads.
    private static readonly Dictionary<string, string> Manifests = new(StringComparer.Ordinal)
    {
        ["npm"] = "package.json package-lock.json",
        ["yarn"] = "package.json yarn.lock",
        ["pnpm"] = "package.json pnpm-lock.yaml",
        ["pip"] = "requirements.txt",
        ["bundle"] = "Gemfile Gemfile.lock",
        ["go"] = "go.mod go.sum",
        ["composer"] = "composer.json composer.lock",
        ["poetry"] = "pyproject.toml poetry.lock",
        ["pipenv"] = "Pipfile Pipfile.lock",
        ["uv"] = "pyproject.toml uv.lock",
        ["pdm"] = "pyproject.toml pdm.lock",
        ["dotnet"] = "the *.csproj files",
        ["cargo"] = "Cargo.toml Cargo.lock",
        ["mvn"] = "pom.xml",
        ["mix"] = "mix.exs mix.lock",
    };

    public string Id => "CopyAllBeforeInstall";

    public IEnumerable<Advice> Check(LintContext context)
    {
        foreach (var stage in context.Dockerfile.Stages)
        {
            Instruction? copyAll = null;
            foreach (var instruction in stage.Instructions)
            {
                if (copyAll is null && CopiesWholeContext(instruction))
                {
                    copyAll = instruction;
                }
                else if (copyAll is not null && instruction is RunInstruction run
                    && context.Commands(run).Select(PackageInstalls.Find).FirstOrDefault(i => i is { InstallsProject: false }) is { } install)
                {
                    yield return context.Advise(
                        Id, copyAll.Line,
                        $"{Describe(copyAll)} comes before {install.Tool} at line {run.Line}: any change to any file in the context runs the install again",
                        Fix(install));
                    break;
                }
            }
        }
    }

    private static string Fix(PackageInstall install)
    {
        if (!install.FromManifest)
        {
            return $"move the {install.Tool} above the COPY";
        }

        var program = install.Tool.Split(' ')[0];
        var files = Manifests.GetValueOrDefault(program.StartsWith("pip", StringComparison.Ordinal) || program.StartsWith("python", StringComparison.Ordinal) ? "pip" : program, "the files it reads");
        return $"copy only {files} first, run {install.Tool}, then copy the rest";
    }

    private static bool CopiesWholeContext(Instruction instruction) => instruction switch
    {
        CopyInstruction { From: null } copy => copy.Sources.Any(WholeContext.Contains),
        AddInstruction add => add.Sources.Any(WholeContext.Contains),
        _ => false,
    };

    private static string Describe(Instruction instruction) => instruction switch
    {
        CopyInstruction copy => $"COPY {string.Join(' ', copy.Sources)} {copy.Destination}",
        AddInstruction add => $"ADD {string.Join(' ', add.Sources)} {add.Destination}",
        _ => instruction.Keyword,
    };
}
