namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>ENV k=v ...</c> or the legacy <c>ENV k the rest of the line</c>.</summary>
public sealed record EnvInstruction(int Line, IReadOnlyList<KeyValue> Variables) : Instruction(Line)
{
    public override string Keyword => "ENV";
}
