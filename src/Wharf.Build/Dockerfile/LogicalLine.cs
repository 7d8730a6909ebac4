namespace Wharf.Build.Dockerfile;

/// <summary>
/// One instruction's text after line continuations and comments are resolved: <see cref="Text"/> is the joined
/// line, <see cref="StartLine"/>..<see cref="EndLine"/> the physical lines it came from (heredoc bodies included).
/// </summary>
internal sealed record LogicalLine(int StartLine, int EndLine, string Text, IReadOnlyList<Heredoc> Heredocs);
