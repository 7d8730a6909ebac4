using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// A Dockerfile as parsed, before any variable is substituted: its directives, the global ARGs declared before
/// the first FROM (usable in FROM lines only unless a stage declares them again), and the stages in order.
/// </summary>
public sealed record ParsedDockerfile(
    string File,
    ParserDirectives Directives,
    IReadOnlyList<ArgInstruction> GlobalArgs,
    IReadOnlyList<Stage> Stages)
{
    /// <summary>The stage called <paramref name="name"/> (case-insensitive), or null.</summary>
    public Stage? FindStage(string name) =>
        Stages.FirstOrDefault(s => s.Name is not null && s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
