namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// <c>ONBUILD instruction</c>. <see cref="Expression"/> is the trigger's text as stored in the image config (heredoc
/// bodies appended); <see cref="Trigger"/> is it parsed, to refuse a bad trigger now rather than in a child build.
/// </summary>
public sealed record OnbuildInstruction(int Line, string Expression, Instruction Trigger) : Instruction(Line)
{
    public override string Keyword => "ONBUILD";
}
