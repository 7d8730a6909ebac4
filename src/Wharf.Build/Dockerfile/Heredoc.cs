namespace Wharf.Build.Dockerfile;

/// <summary>
/// One here-document attached to a RUN, COPY or ADD line. <see cref="Content"/> ends with the newline of its last
/// line and, for <c>&lt;&lt;-</c> (<see cref="StripTabs"/>), has leading tabs already removed from every line.
/// <see cref="Expand"/> is false when the delimiter was quoted (<c>&lt;&lt;"EOF"</c>, <c>&lt;&lt;'EOF'</c>).
/// <see cref="FileDescriptor"/> is the number before <c>&lt;&lt;</c> (<c>3&lt;&lt;EOF</c>), 0 when absent.
/// </summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool StripTabs, int FileDescriptor);
