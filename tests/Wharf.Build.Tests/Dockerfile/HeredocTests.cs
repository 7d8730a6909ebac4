using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class HeredocTests
{
    private static IReadOnlyList<Instruction> Body(string text) => DockerfileParser.Parse(text).Stages[0].Instructions;

    [Fact]
    public void A_RUN_heredoc_carries_its_body()
    {
        var run = Assert.IsType<RunInstruction>(Body("FROM scratch\nRUN <<EOF\napt-get update\napt-get install -y vim\nEOF\nUSER x\n")[0]);
        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal("EOF", heredoc.Name);
        Assert.Equal("apt-get update\napt-get install -y vim\n", heredoc.Content);
        Assert.True(heredoc.Expand);
        Assert.Equal("<<EOF", run.Command.Arguments[0]);
    }

    [Fact]
    public void Lines_after_the_heredoc_are_instructions_again_with_their_own_line_numbers()
    {
        var body = Body("FROM scratch\nRUN <<EOF\na\nEOF\nUSER x\n");
        Assert.Equal(5, Assert.IsType<UserInstruction>(body[1]).Line);
    }

    [Fact]
    public void Dash_strips_leading_tabs_and_lets_the_terminator_be_indented()
    {
        var run = Assert.IsType<RunInstruction>(Body("FROM scratch\nRUN <<-EOT\n\t\techo a\n\t  b\n\tEOT\n")[0]);
        var heredoc = Assert.Single(run.Heredocs);
        Assert.True(heredoc.StripTabs);
        Assert.Equal("echo a\n  b\n", heredoc.Content);
    }

    [Theory]
    [InlineData("<<\"EOF\"")]
    [InlineData("<<'EOF'")]
    public void A_quoted_delimiter_turns_expansion_off(string marker)
    {
        var run = Assert.IsType<RunInstruction>(Body($"FROM scratch\nRUN {marker}\necho $HOME\nEOF\n")[0]);
        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal("EOF", heredoc.Name);
        Assert.False(heredoc.Expand);
        Assert.Equal("echo $HOME\n", heredoc.Content);
    }

    [Fact]
    public void Several_heredocs_on_one_line_are_read_in_order()
    {
        // The reference's example: COPY <<FILE1 <<FILE2 /dest/
        var copy = Assert.IsType<CopyInstruction>(Body("FROM scratch\nCOPY <<FILE1 <<FILE2 /dest/\none\nFILE1\ntwo\nFILE2\n")[0]);
        Assert.Equal(["FILE1", "FILE2"], copy.Heredocs.Select(h => h.Name));
        Assert.Equal(["one\n", "two\n"], copy.Heredocs.Select(h => h.Content));
        Assert.Empty(copy.Sources);
        Assert.Equal("/dest/", copy.Destination);
    }

    [Fact]
    public void A_heredoc_can_feed_a_program_and_name_a_file_descriptor()
    {
        var run = Assert.IsType<RunInstruction>(Body("FROM scratch\nRUN python3 3<<EOF\nprint('hi')\nEOF\n")[0]);
        Assert.Equal(3, Assert.Single(run.Heredocs).FileDescriptor);
    }

    [Fact]
    public void ADD_takes_heredocs_too()
    {
        var add = Assert.IsType<AddInstruction>(Body("FROM scratch\nADD <<EOT /etc/motd\nhello\nEOT\n")[0]);
        Assert.Equal("hello\n", Assert.Single(add.Heredocs).Content);
    }

    [Fact]
    public void Heredoc_bodies_keep_comment_lines_and_blank_lines()
    {
        var run = Assert.IsType<RunInstruction>(Body("FROM scratch\nRUN <<EOF\n# not a comment here\n\necho\nEOF\n")[0]);
        Assert.Equal("# not a comment here\n\necho\n", Assert.Single(run.Heredocs).Content);
    }

    [Fact]
    public void Exec_form_and_other_instructions_take_no_heredocs()
    {
        var body = Body("FROM scratch\nRUN [\"echo\", \"<<EOF\"]\nCMD cat <<EOF\n");
        Assert.Empty(Assert.IsType<RunInstruction>(body[0]).Heredocs);
        Assert.Equal("cat <<EOF", Assert.IsType<CmdInstruction>(body[1]).Command.Arguments[0]);
    }

    [Fact]
    public void A_marker_in_quotes_is_text()
    {
        var run = Assert.IsType<RunInstruction>(Body("FROM scratch\nRUN echo \"<<EOF\"\n")[0]);
        Assert.Empty(run.Heredocs);
    }

    [Fact]
    public void ONBUILD_RUN_takes_a_heredoc()
    {
        var onbuild = Assert.IsType<OnbuildInstruction>(Body("FROM scratch\nONBUILD RUN <<EOF\necho hi\nEOF\n")[0]);
        var run = Assert.IsType<RunInstruction>(onbuild.Trigger);
        Assert.Equal("echo hi\n", Assert.Single(run.Heredocs).Content);
        Assert.Equal("RUN <<EOF\necho hi\nEOF", onbuild.Expression);
    }

    [Fact]
    public void An_unterminated_heredoc_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\nRUN <<EOF\necho\n"));
        Assert.Equal("Dockerfile:2: RUN: unterminated heredoc EOF", e.Message);
    }

    [Fact]
    public void A_heredoc_as_destination_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\nCOPY a <<EOF\nx\nEOF\n"));
        Assert.Equal("Dockerfile:2: COPY: COPY cannot accept a heredoc as a destination", e.Message);
    }
}
