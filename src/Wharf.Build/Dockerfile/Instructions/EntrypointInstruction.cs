namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>ENTRYPOINT</c> in shell or exec form; <c>ENTRYPOINT []</c> clears it (no arguments).</summary>
public sealed record EntrypointInstruction(int Line, CommandLine Command) : Instruction(Line)
{
    public override string Keyword => "ENTRYPOINT";
}
