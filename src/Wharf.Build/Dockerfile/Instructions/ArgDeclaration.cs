namespace Wharf.Build.Dockerfile.Instructions;

/// <summary>One name of an ARG instruction and its default, null when it has none.</summary>
public sealed record ArgDeclaration(string Name, string? Default);
