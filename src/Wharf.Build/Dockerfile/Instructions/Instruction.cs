namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>One Dockerfile instruction as parsed, before variable substitution. <see cref="Line"/> is 1-based.</summary>
public abstract record Instruction(int Line)
{
    /// <summary>The keyword in upper case, as error messages name it.</summary>
    public abstract string Keyword { get; }
}
