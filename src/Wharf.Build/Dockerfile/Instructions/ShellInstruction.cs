namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>SHELL ["executable", "parameters"]</c>; JSON form only.</summary>
public sealed record ShellInstruction(int Line, IReadOnlyList<string> Shell) : Instruction(Line)
{
    public override string Keyword => "SHELL";
}
