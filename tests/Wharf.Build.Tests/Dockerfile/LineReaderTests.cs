using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class LineReaderTests
{
    private static RunInstruction OnlyRun(string text) =>
        Assert.IsType<RunInstruction>(Assert.Single(DockerfileParser.Parse(text).Stages[0].Instructions));

    [Fact]
    public void A_continuation_joins_lines_and_the_escape_disappears()
    {
        var run = OnlyRun("FROM scratch\nRUN echo a \\\n    b\n");
        Assert.Equal("echo a     b", run.Command.Arguments[0]);
        Assert.Equal(2, run.Line);
    }

    [Fact]
    public void Whitespace_after_the_escape_still_continues_the_line()
    {
        var run = OnlyRun("FROM scratch\nRUN echo a \\  \t\nb\n");
        Assert.Equal("echo a b", run.Command.Arguments[0]);
    }

    [Fact]
    public void Comment_lines_inside_a_continuation_are_dropped()
    {
        var run = OnlyRun("FROM scratch\nRUN apt-get update && \\\n# a comment\n    apt-get install x\n");
        Assert.Equal("apt-get update &&     apt-get install x", run.Command.Arguments[0]);
    }

    [Fact]
    public void Empty_continuation_lines_are_skipped()
    {
        var run = OnlyRun("FROM scratch\nRUN echo a \\\n\n   \nb\n");
        Assert.Equal("echo a b", run.Command.Arguments[0]);
    }

    [Fact]
    public void CRLF_line_endings_are_accepted()
    {
        var stage = DockerfileParser.Parse("FROM scratch\r\nRUN echo a \\\r\n b\r\nCMD [\"x\"]\r\n").Stages[0];
        Assert.Equal("echo a  b", Assert.IsType<RunInstruction>(stage.Instructions[0]).Command.Arguments[0]);
        Assert.Equal(["x"], Assert.IsType<CmdInstruction>(stage.Instructions[1]).Command.Arguments);
    }

    [Fact]
    public void An_escaped_escape_at_the_end_does_not_continue()
    {
        var stage = DockerfileParser.Parse("FROM scratch\nRUN echo a\\\\\nRUN echo b\n").Stages[0];
        Assert.Equal(2, stage.Instructions.Count);
    }

    [Fact]
    public void A_continuation_at_the_end_of_the_file_ends_the_instruction()
    {
        var run = OnlyRun("FROM scratch\nRUN echo a \\");
        Assert.Equal("echo a", run.Command.Arguments[0]);
    }

    [Fact]
    public void Instructions_are_case_insensitive_and_indentation_is_ignored()
    {
        var stage = DockerfileParser.Parse("from scratch\n   run echo hi\n").Stages[0];
        Assert.Equal("echo hi", Assert.IsType<RunInstruction>(stage.Instructions[0]).Command.Arguments[0]);
    }

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        Assert.Single(DockerfileParser.Parse("\uFEFFFROM scratch\n").Stages);
    }

    [Fact]
    public void Line_numbers_count_physical_lines()
    {
        var stage = DockerfileParser.Parse("# c\n\nFROM scratch\nRUN a \\\n b\n\nUSER x\n").Stages[0];
        Assert.Equal(3, stage.From.Line);
        Assert.Equal(4, stage.Instructions[0].Line);
        Assert.Equal(7, stage.Instructions[1].Line);
    }
}
