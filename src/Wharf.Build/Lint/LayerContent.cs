namespace Wharf.Build.Lint;

/// <summary>
/// What one layer of an image holds, in the image's layer order: <see cref="Line"/> is the Dockerfile line of the
/// instruction that made it (0 for a base image's layers) and <see cref="Instruction"/> that instruction as written,
/// keyword first (<c>RUN apt-get update</c>); messages name it by its keyword and line.
/// </summary>
public sealed record LayerContent(int Line, string Instruction, IReadOnlyList<LayerPath> Paths)
{
    /// <summary>How advice names the step: <c>RUN at line 5</c>, or <c>the base image</c>.</summary>
    public string Step => Line == 0 ? "the base image" : $"{Keyword} at line {Line}";

    public string Keyword => Instruction.Split(' ', 2)[0].ToUpperInvariant();
}
