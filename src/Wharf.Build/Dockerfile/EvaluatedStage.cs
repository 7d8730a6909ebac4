using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// A stage with every variable substituted: its base (image reference, previous stage or scratch), its platform,
/// its instructions in substituted form, and the ARG values a RUN sees (declared ARGs plus the proxy build args).
/// </summary>
public sealed record EvaluatedStage(
    Stage Stage,
    string BaseName,
    string? Platform,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyDictionary<string, string> RunArgs);
