namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>
/// <c>ADD [--chown] [--chmod] [--checksum] [--keep-git-dir] [--link] [--unpack] [--exclude=p]... src... dest</c>.
/// <see cref="KeepGitDir"/> and <see cref="Unpack"/> are null when not given (the default depends on the source).
/// </summary>
public sealed record AddInstruction(
    int Line,
    IReadOnlyList<string> Sources,
    IReadOnlyList<Heredoc> Heredocs,
    string Destination,
    string? Chown,
    string? Chmod,
    string? Checksum,
    bool? KeepGitDir,
    bool Link,
    bool? Unpack,
    IReadOnlyList<string> Excludes) : Instruction(Line)
{
    public override string Keyword => "ADD";
}
