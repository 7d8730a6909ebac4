namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>CMD</c> in shell or exec form.</summary>
public sealed record CmdInstruction(int Line, CommandLine Command) : Instruction(Line)
{
    public override string Keyword => "CMD";
}
