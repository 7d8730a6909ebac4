namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>RUN [--mount=...] [--network=...] [--security=...] command</c>, with any heredocs of the line.</summary>
public sealed record RunInstruction(
    int Line,
    CommandLine Command,
    IReadOnlyList<Heredoc> Heredocs,
    IReadOnlyList<RunMount> Mounts,
    RunNetwork Network,
    RunSecurity Security) : Instruction(Line)
{
    public override string Keyword => "RUN";
}
