namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>EXPOSE port[/tcp|/udp] ...</c>, kept as text until variables are substituted.</summary>
public sealed record ExposeInstruction(int Line, IReadOnlyList<string> Ports) : Instruction(Line)
{
    public override string Keyword => "EXPOSE";
}
