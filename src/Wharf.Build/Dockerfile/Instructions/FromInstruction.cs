namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// <c>FROM [--platform=p] image [AS name]</c>. <see cref="BaseName"/> is kept as text (tag, digest, a previous
/// stage's name, <c>scratch</c>, or an expression of global ARGs); <see cref="StageName"/> is lower-cased.
/// </summary>
public sealed record FromInstruction(int Line, string BaseName, string? StageName, string? Platform) : Instruction(Line)
{
    public override string Keyword => "FROM";

    public bool IsScratch => BaseName.Equals("scratch", StringComparison.OrdinalIgnoreCase);
}
