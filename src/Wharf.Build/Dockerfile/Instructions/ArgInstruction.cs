namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>ARG name[=default] ...</c>; a null default means the value comes from a build arg or a global ARG.</summary>
public sealed record ArgInstruction(int Line, IReadOnlyList<ArgDeclaration> Args) : Instruction(Line)
{
    public override string Keyword => "ARG";
}
