using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class DirectiveTests
{
    [Fact]
    public void Syntax_is_accepted_and_recorded()
    {
        var parsed = DockerfileParser.Parse("# syntax=docker/dockerfile:1\nFROM scratch\n");
        Assert.Equal("docker/dockerfile:1", parsed.Directives.Syntax);
    }

    [Fact]
    public void Backtick_escape_continues_lines_and_leaves_backslashes_alone()
    {
        // The reference's Windows example.
        var parsed = DockerfileParser.Parse("# escape=`\n\nFROM microsoft/nanoserver\nCOPY testfile.txt c:\\\nRUN dir c:\\\n");
        Assert.Equal('`', parsed.Directives.Escape);
        var copy = Assert.IsType<CopyInstruction>(parsed.Stages[0].Instructions[0]);
        Assert.Equal("c:\\", copy.Destination);
        Assert.Equal("dir c:\\", Assert.IsType<RunInstruction>(parsed.Stages[0].Instructions[1]).Command.Arguments[0]);

        var continued = DockerfileParser.Parse("# escape=`\nFROM scratch\nRUN a `\n b\n");
        Assert.Equal("a  b", Assert.IsType<RunInstruction>(continued.Stages[0].Instructions[0]).Command.Arguments[0]);
    }

    [Theory]
    [InlineData("# ESCAPE=`\nFROM scratch\n")]
    [InlineData("#escape = `\nFROM scratch\n")]
    [InlineData("# syntax=x\n# escape=`\nFROM scratch\n")]
    public void Directives_are_case_insensitive_and_spaced_freely(string text)
    {
        Assert.Equal('`', DockerfileParser.Parse(text).Directives.Escape);
    }

    [Theory]
    [InlineData("# comment\n# escape=`\nFROM scratch\n")]
    [InlineData("\n# escape=`\nFROM scratch\n")]
    [InlineData("FROM scratch\n# escape=`\n")]
    [InlineData("# unknowndirective=x\n# escape=`\nFROM scratch\n")]
    public void A_directive_after_anything_else_is_a_comment(string text)
    {
        Assert.Equal('\\', DockerfileParser.Parse(text).Directives.Escape);
    }

    [Fact]
    public void A_directive_given_twice_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# escape=\\\n# escape=`\nFROM scratch\n"));
        Assert.Equal("Dockerfile:2: only one escape parser directive can be used", e.Message);
    }

    [Fact]
    public void An_escape_other_than_backslash_or_backtick_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# escape=x\nFROM scratch\n"));
        Assert.Equal("Dockerfile:1: invalid escape token 'x' does not match ` or \\", e.Message);
    }

    [Fact]
    public void Check_lists_the_skipped_rules_and_error_mode()
    {
        var check = DockerfileParser.Parse("# check=skip=JSONArgsRecommended,StageNameCasing;error=true\nFROM scratch\n").Directives.Check;
        Assert.Equal(["JSONArgsRecommended", "StageNameCasing"], check.Skip);
        Assert.True(check.Error);
        Assert.True(check.Skips("stagenamecasing"));
        Assert.False(check.Skips("Other"));
    }
}
