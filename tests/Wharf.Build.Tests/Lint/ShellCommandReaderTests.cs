using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Build.Lint.Shell;

namespace Wharf.Build.Tests.Lint;

public sealed class ShellCommandReaderTests
{
    private static string[] Commands(string script) => [.. ShellCommandReader.Read(script).Select(c => string.Join('|', c.Words))];

    private static string[] RunCommands(string dockerfile) =>
        [.. RunScript.Commands(Assert.IsType<RunInstruction>(DockerfileParser.Parse(dockerfile).Stages[0].Instructions[0])).Select(c => string.Join('|', c.Words))];

    [Theory]
    [InlineData("a && b || c ; d | e & f", new[] { "a", "b", "c", "d", "e", "f" })]
    [InlineData("apt-get install -y 'a b' \"c d\" e\\ f", new[] { "apt-get|install|-y|a b|c d|e f" })]
    [InlineData("echo \"say \\\"hi\\\"\" # a comment && rm x", new[] { "echo|say \"hi\"" })]
    [InlineData("(cd /src && make) && { make install; }", new[] { "cd|/src", "make", "make|install" })]
    [InlineData("x=$(dpkg --print-architecture) && echo ${x%%-*} `uname`", new[] { "echo|${x%%-*}|`uname`" })]
    [InlineData("if [ -f x ]; then rm x; fi", new[] { "[|-f|x|]", "rm|x" })]
    public void Splits_commands_and_removes_quotes(string script, string[] expected) => Assert.Equal(expected, Commands(script));

    [Theory]
    [InlineData("DEBIAN_FRONTEND=noninteractive apt-get install -y x", "apt-get|install|-y|x")]
    [InlineData("sudo -E -u root apt-get install x", "apt-get|install|x")]
    [InlineData("env -i PATH=/bin A=1 apk add x", "apk|add|x")]
    [InlineData("exec nohup time pip install x", "pip|install|x")]
    [InlineData("cat list | xargs -r apt-get install -y", "apt-get|install|-y")]
    public void Strips_assignments_and_wrappers(string script, string expected) => Assert.Equal(expected, Commands(script)[^1]);

    [Fact]
    public void Assignments_are_kept_apart_from_the_words()
    {
        var command = Assert.Single(ShellCommandReader.Read("PIP_NO_CACHE_DIR=1 pip install x"));
        Assert.True(command.Assigns("PIP_NO_CACHE_DIR"));
        Assert.Equal("pip", command.Name);
    }

    [Theory]
    [InlineData("apt-get install -y x > /dev/null 2>&1", "apt-get|install|-y|x", "/dev/null")]
    [InlineData("curl -sSL https://x 2> err.log >>/tmp/out", "curl|-sSL|https://x", "err.log /tmp/out")]
    [InlineData("cat <<EOF", "cat", "EOF")]
    public void Redirection_targets_are_not_arguments(string script, string words, string targets)
    {
        var command = Assert.Single(ShellCommandReader.Read(script));
        Assert.Equal(words, string.Join('|', command.Words));
        Assert.Equal(targets, string.Join(' ', command.RedirectTargets));
    }

    [Theory]
    [InlineData("sh -c 'apt-get update && apt-get install -y x'")]
    [InlineData("/bin/bash -o pipefail -ec \"apt-get update && apt-get install -y x\"")]
    public void Reads_the_script_of_sh_c(string script) =>
        Assert.Equal(["apt-get|update", "apt-get|install|-y|x"], Commands(script));

    [Fact]
    public void An_exec_form_RUN_is_one_command_and_sh_c_is_read_inside()
    {
        Assert.Equal(["apk|add|x"], RunCommands("FROM a\nRUN [\"apk\", \"add\", \"x\"]\n"));
        Assert.Equal(["apk|add|x", "rm|-rf|/tmp/y"], RunCommands("FROM a\nRUN [\"/bin/sh\", \"-c\", \"apk add x && rm -rf /tmp/y\"]\n"));
    }

    [Fact]
    public void Line_continuations_joined_by_the_parser_leave_the_words_apart()
    {
        Assert.Equal(["apt-get|update", "apt-get|install|-y|a|b"], RunCommands("FROM a\nRUN apt-get update \\\n  && apt-get install -y \\\n    a \\\n    b\n"));
    }

    [Theory]
    [InlineData("FROM a\nRUN <<EOF\napt-get update\napt-get install -y \\\n  x\nEOF\n")]
    [InlineData("FROM a\nRUN bash -e <<EOF\napt-get update\napt-get install -y x\nEOF\n")]
    [InlineData("FROM a\nRUN <<EOF\n#!/usr/bin/env bash\nset -e\napt-get update\napt-get install -y x\nEOF\n")]
    public void A_heredoc_the_shell_runs_is_read_as_the_script(string dockerfile) =>
        Assert.Equal(["apt-get|update", "apt-get|install|-y|x"], RunCommands(dockerfile).Where(c => c.StartsWith("apt", StringComparison.Ordinal)));

    [Theory]
    [InlineData("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n", "python3")]
    [InlineData("FROM a\nRUN <<EOF\n#!/usr/bin/python3\nprint('apt-get install x')\nEOF\n", "")]
    public void A_heredoc_for_another_program_is_not_read(string dockerfile, string expected) =>
        Assert.Equal(expected, string.Join(' ', RunCommands(dockerfile)));
}
