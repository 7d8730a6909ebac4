namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// <c>COPY [--from=stage|index|image] [--chown] [--chmod] [--link] [--parents] [--exclude=p]... src... dest</c>.
/// Heredoc sources are in <see cref="Heredocs"/>, file sources in <see cref="Sources"/>.
/// </summary>
public sealed record CopyInstruction(
    int Line,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Heredoc> Heredocs,
    string Destination,
    string? From,
    string? Chown,
    string? Chmod,
    bool Link,
    bool Parents,
    IReadOnlyList<string> Excludes) : Instruction(Line)
{
    public override string Keyword => "COPY";
}
