namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>LABEL k=v ...</c>.</summary>
public sealed record LabelInstruction(int Line, IReadOnlyList<KeyValue> Labels) : Instruction(Line)
{
    public override string Keyword => "LABEL";
}
