namespace Wharf.Build.Lint;

/// <summary>
/// One piece of advice about a Dockerfile or a built image: which rule gave it (the id <c># check=skip=</c> names),
/// where (<see cref="Line"/> is 1-based; 0 when it belongs to no line), what is wrong and how to fix it, each one
/// line, so that a terminal, a build log and JSON all show the same thing.
/// </summary>
public sealed record Advice(string RuleId, string File, int Line, string Message, string Fix);
