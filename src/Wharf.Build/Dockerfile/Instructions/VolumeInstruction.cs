namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>VOLUME ["/a", "/b"]</c> or <c>VOLUME /a /b</c>.</summary>
public sealed record VolumeInstruction(int Line, IReadOnlyList<string> Paths) : Instruction(Line)
{
    public override string Keyword => "VOLUME";
}
