using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// A stage with every variable substituted: its base (image reference, previous stage or scratch), its platform,
/// its instructions in substituted form, and for each instruction the ARG values a RUN there sees: the ARGs declared
/// before it (an ARG is in a RUN's environment only from its declaration on, as in docker) plus the proxy build args.
/// </summary>
public sealed record EvaluatedStage(
    Stage Stage,
    string BaseName,
    string? Platform,
    IReadOnlyList<Instruction> Instructions,
    IReadOnlyList<IReadOnlyDictionary<string, string>> RunArgs);
