using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Dockerfile;

/// <summary>
/// A base image's ONBUILD triggers as instructions of the stage built FROM it. Docker parses each stored trigger as
/// a Dockerfile line of its own (default escape, no directives) and runs the triggers in order before the stage's
/// first instruction, in the stage's context (a trigger's COPY reads the child's build context). A trigger that is not
/// one instruction, or one ONBUILD cannot hold (ONBUILD, FROM, MAINTAINER), fails the build at the FROM line, since an
/// image config can hold any text.
/// </summary>
internal static class OnbuildTriggers
{
    public static IReadOnlyList<Instruction> Parse(IReadOnlyList<string>? triggers, FromInstruction from, string file)
    {
        var instructions = new List<Instruction>();
        foreach (var trigger in triggers ?? [])
        {
            ParsedDockerfile parsed;
            try
            {
                parsed = DockerfileParser.Parse($"FROM scratch\n{trigger}\n", file);
            }
            catch (DockerfileException e)
            {
                throw Refused(file, from, trigger, e.Detail);
            }

            if (parsed.Stages is not [{ Instructions: [var instruction] }] || instruction is OnbuildInstruction or MaintainerInstruction)
            {
                throw Refused(file, from, trigger, "not an instruction an ONBUILD trigger can be");
            }

            instructions.Add(instruction with { Line = from.Line });
        }

        return instructions;
    }

    private static DockerfileException Refused(string file, FromInstruction from, string trigger, string detail) =>
        new(file, from.Line, "FROM", $"the base image's ONBUILD trigger \"{trigger}\": {detail}");
}
