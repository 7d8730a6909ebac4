namespace Wharf.Build.Dockerfile;

/// <summary>
/// The <c># key=value</c> lines at the very top of a Dockerfile. <c>syntax</c> is recorded and otherwise ignored
/// (Wharf has one front end); <c>escape</c> changes the escape and line-continuation character.
/// </summary>
public sealed record ParserDirectives(char Escape, string? Syntax, DockerfileCheck Check)
{
    public static ParserDirectives Default { get; } = new('\\', null, DockerfileCheck.None);
}
