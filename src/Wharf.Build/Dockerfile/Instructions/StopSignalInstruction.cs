namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>STOPSIGNAL signal</c> (a name like SIGTERM or a number).</summary>
public sealed record StopSignalInstruction(int Line, string Signal) : Instruction(Line)
{
    public override string Keyword => "STOPSIGNAL";
}
