namespace Wharf.Build.Dockerfile;

/// <summary>
/// A Dockerfile that docker would refuse. <see cref="Exception.Message"/> is the one line a user sees:
/// <c>Dockerfile:7: COPY: unknown flag --form (did you mean --from?)</c>, never a stack trace.
/// </summary>
public sealed class DockerfileException : Exception
{
    public DockerfileException(string file, int line, string? instruction, string detail)
        : base(Format(file, line, instruction, detail))
    {
        File = file;
        Line = line;
        Instruction = instruction;
        Detail = detail;
    }

    public DockerfileException()
        : this("Dockerfile", 0, null, "invalid Dockerfile")
    {
    }

    public DockerfileException(string message)
        : this("Dockerfile", 0, null, message)
    {
    }

    public DockerfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "Dockerfile";
        Detail = message;
    }

    /// <summary>The Dockerfile's name as the user gave it (<c>-f</c>), e.g. <c>build/Dockerfile</c>.</summary>
    public string File { get; }

    /// <summary>1-based line where the instruction starts; 0 when the error belongs to no line.</summary>
    public int Line { get; }

    /// <summary>The instruction keyword in upper case, or null for errors outside any instruction.</summary>
    public string? Instruction { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Detail { get; }

    private static string Format(string file, int line, string? instruction, string detail)
    {
        var location = line > 0 ? $"{file}:{line}" : file;
        return instruction is null ? $"{location}: {detail}" : $"{location}: {instruction}: {detail}";
    }
}
