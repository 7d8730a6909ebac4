namespace Wharf.Build.Dockerfile.Instructions;

/// <summary><c>USER user[:group]</c>, names or numeric ids.</summary>
public sealed record UserInstruction(int Line, string User) : Instruction(Line)
{
    public override string Keyword => "USER";

    public string Name => User.Split(':', 2)[0];

    public string? Group => User.Split(':', 2) is [_, var group] ? group : null;
}
