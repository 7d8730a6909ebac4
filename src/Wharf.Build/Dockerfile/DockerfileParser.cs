using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// Parses a Dockerfile into instruction records, grouped into stages. Pure: text in, records out; only
/// <see cref="ParseFileAsync"/> touches the file system. Every refusal is a <see cref="DockerfileException"/>.
/// </summary>
public static class DockerfileParser
{
    /// <param name="text">The Dockerfile's content.</param>
    /// <param name="file">The name error messages use, e.g. <c>Dockerfile</c> or <c>build/Dockerfile.prod</c>.</param>
    public static ParsedDockerfile Parse(string text, string file = "Dockerfile")
    {
        var (directives, lines) = DockerfileLineReader.Read(file, text);
        var globalArgs = new List<ArgInstruction>();
        var stages = new List<Stage>();
        FromInstruction? from = null;
        var body = new List<Instruction>();
        foreach (var line in lines)
        {
            var instruction = ParseInstruction(file, line, directives.Escape);
            switch (instruction)
            {
                case FromInstruction next:
                    if (from is not null)
                    {
                        stages.Add(new Stage(stages.Count, from, body));
                    }

                    if (next.StageName is { } name && (from?.StageName == name || stages.Any(s => s.Name == name)))
                    {
                        throw new DockerfileException(file, line.StartLine, "FROM", $"duplicate stage name \"{name}\"");
                    }

                    from = next;
                    body = [];
                    break;
                case ArgInstruction arg when from is null:
                    globalArgs.Add(arg);
                    break;
                case var other when from is null:
                    throw new DockerfileException(file, line.StartLine, other.Keyword, "no build stage in current context (the first instruction must be FROM or ARG)");
                default:
                    body.Add(instruction);
                    break;
            }
        }

        if (from is null)
        {
            throw new DockerfileException(file, 0, null, "dockerfile contains no stages to build");
        }

        stages.Add(new Stage(stages.Count, from, body));
        return new ParsedDockerfile(file, directives, globalArgs, stages);
    }

    /// <summary>Reads and parses a Dockerfile; <paramref name="displayName"/> (default: the path) names it in errors.</summary>
    public static async Task<ParsedDockerfile> ParseFileAsync(string path, string? displayName, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, ct);
        return Parse(text, displayName ?? path);
    }

    private static Instruction ParseInstruction(string file, LogicalLine line, char escape)
    {
        try
        {
            return InstructionParser.Parse(line.Text, line.StartLine, line.Heredocs, escape);
        }
        catch (FormatException e)
        {
            throw new DockerfileException(file, line.StartLine, DockerfileLineReader.InstructionKeyword(line.Text), e.Message);
        }
    }
}
