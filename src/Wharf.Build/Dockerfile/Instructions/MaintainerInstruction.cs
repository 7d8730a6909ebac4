namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>MAINTAINER name</c> (deprecated; sets the image's author).</summary>
public sealed record MaintainerInstruction(int Line, string Maintainer) : Instruction(Line)
{
    public override string Keyword => "MAINTAINER";
}
