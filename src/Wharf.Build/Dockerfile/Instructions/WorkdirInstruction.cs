namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>WORKDIR path</c>; a relative path is relative to the previous WORKDIR.</summary>
public sealed record WorkdirInstruction(int Line, string Path) : Instruction(Line)
{
    public override string Keyword => "WORKDIR";
}
