using Wharf.Build.Dockerfile;
using Wharf.Build.Dockerfile.Instructions;
using Wharf.Oci;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class EvaluatorTests
{
    private static EvaluatedStage Evaluate(string text, Dictionary<string, string>? buildArgs = null, int stage = -1)
    {
        var parsed = DockerfileParser.Parse(text);
        var inputs = BuildInputs.Default with { BuildArgs = buildArgs ?? [] };
        return new DockerfileEvaluator(parsed, inputs).Evaluate(parsed.Stages[stage < 0 ? parsed.Stages.Count - 1 : stage]);
    }

    private static T At<T>(EvaluatedStage stage, int index) => Assert.IsType<T>(stage.Instructions[index]);

    [Fact]
    public void A_global_ARG_is_usable_in_FROM()
    {
        var stage = Evaluate("ARG CODE_VERSION=latest\nFROM base:${CODE_VERSION}\n");
        Assert.Equal("base:latest", stage.BaseName);
    }

    [Fact]
    public void A_build_arg_overrides_the_default()
    {
        Assert.Equal("base:2", Evaluate("ARG V=1\nFROM base:$V\n", new() { ["V"] = "2" }).BaseName);
    }

    [Fact]
    public void A_global_ARG_is_not_visible_in_a_stage_until_redeclared()
    {
        // The reference's example: ARG VERSION=latest / FROM busybox:$VERSION / ARG VERSION / RUN echo $VERSION
        var stage = Evaluate("ARG VERSION=latest\nFROM busybox:$VERSION\nWORKDIR /$VERSION\nARG VERSION\nWORKDIR /$VERSION\n");
        Assert.Equal("/", At<WorkdirInstruction>(stage, 0).Path);
        Assert.Equal("/latest", At<WorkdirInstruction>(stage, 2).Path);
    }

    [Fact]
    public void A_stage_ARG_default_and_its_build_arg()
    {
        var text = "FROM busybox\nARG user=someuser\nUSER $user\n";
        Assert.Equal("someuser", At<UserInstruction>(Evaluate(text), 1).User);
        Assert.Equal("what", At<UserInstruction>(Evaluate(text, new() { ["user"] = "what" }), 1).User);
    }

    [Fact]
    public void A_variable_used_before_its_ARG_is_empty()
    {
        var stage = Evaluate("FROM busybox\nUSER ${username:-some_user}\nARG username\nUSER $username\n", new() { ["username"] = "what_user" });
        Assert.Equal("some_user", At<UserInstruction>(stage, 0).User);
        Assert.Equal("what_user", At<UserInstruction>(stage, 2).User);
    }

    [Fact]
    public void ENV_wins_over_an_ARG_of_the_same_name()
    {
        // The reference's example with --build-arg CONT_IMG_VER=v2.0.1: ENV still says v1.0.0.
        var stage = Evaluate("FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=v1.0.0\nWORKDIR /$CONT_IMG_VER\n", new() { ["CONT_IMG_VER"] = "v2.0.1" });
        Assert.Equal("/v1.0.0", At<WorkdirInstruction>(stage, 2).Path);
    }

    [Fact]
    public void ENV_can_use_an_ARG_with_a_default()
    {
        var stage = Evaluate("FROM ubuntu\nARG CONT_IMG_VER\nENV CONT_IMG_VER=${CONT_IMG_VER:-v1.0.0}\nWORKDIR /$CONT_IMG_VER\n", new() { ["CONT_IMG_VER"] = "v2.0.1" });
        Assert.Equal("/v2.0.1", At<WorkdirInstruction>(stage, 2).Path);
    }

    [Fact]
    public void ENV_values_see_earlier_ENV_and_quotes_are_removed()
    {
        var stage = Evaluate("FROM busybox\nENV FOO=/bar\nENV BAZ=\"$FOO/qux\" Q='$FOO'\nWORKDIR ${FOO}\nADD . $FOO\nCOPY \\$FOO /quux\n");
        Assert.Equal([new KeyValue("BAZ", "/bar/qux"), new KeyValue("Q", "$FOO")], At<EnvInstruction>(stage, 1).Variables);
        Assert.Equal("/bar", At<WorkdirInstruction>(stage, 2).Path);
        Assert.Equal("/bar", At<AddInstruction>(stage, 3).Destination);
        Assert.Equal(["$FOO"], At<CopyInstruction>(stage, 4).Sources);
    }

    [Fact]
    public void RUN_CMD_and_ENTRYPOINT_are_not_substituted()
    {
        var stage = Evaluate("FROM busybox\nENV A=1\nRUN echo $A\nCMD echo $A\nENTRYPOINT [\"echo\", \"$A\"]\n");
        Assert.Equal("echo $A", At<RunInstruction>(stage, 1).Command.Arguments[0]);
        Assert.Equal("echo $A", At<CmdInstruction>(stage, 2).Command.Arguments[0]);
        Assert.Equal("$A", At<EntrypointInstruction>(stage, 3).Command.Arguments[1]);
    }

    [Fact]
    public void EXPOSE_LABEL_VOLUME_STOPSIGNAL_and_COPY_flags_are_substituted()
    {
        var stage = Evaluate(
            "FROM busybox\nARG PORTS=\"80/tcp 81/udp\"\nARG U=app\nARG SIG=SIGINT\nEXPOSE $PORTS 9000\nLABEL \"owner\"=$U\nVOLUME /data/$U\nSTOPSIGNAL $SIG\n" +
            "COPY --chown=$U:$U --chmod=${MODE:-755} a /$U/\nRUN --mount=type=cache,target=/cache/$U true\n");
        Assert.Equal(["80/tcp", "81/udp", "9000"], At<ExposeInstruction>(stage, 3).Ports);
        Assert.Equal(new KeyValue("owner", "app"), At<LabelInstruction>(stage, 4).Labels[0]);
        Assert.Equal(["/data/app"], At<VolumeInstruction>(stage, 5).Paths);
        Assert.Equal("SIGINT", At<StopSignalInstruction>(stage, 6).Signal);
        var copy = At<CopyInstruction>(stage, 7);
        Assert.Equal(("app:app", "755", "/app/"), (copy.Chown, copy.Chmod, copy.Destination));
        Assert.Equal("/cache/app", At<RunInstruction>(stage, 8).Mounts[0].Target);
    }

    [Fact]
    public void Platform_ARGs_are_global_and_need_a_declaration_in_a_stage()
    {
        var parsed = DockerfileParser.Parse("FROM --platform=$BUILDPLATFORM golang AS build\nWORKDIR /$TARGETARCH\nARG TARGETARCH TARGETVARIANT\nWORKDIR /$TARGETARCH/$TARGETVARIANT\n");
        var inputs = BuildInputs.Default with { TargetPlatform = new Platform { Os = "linux", Architecture = "arm", Variant = "v7" } };
        var stage = new DockerfileEvaluator(parsed, inputs).Evaluate(parsed.Stages[0]);
        Assert.Equal("linux/amd64", stage.Platform);
        Assert.Equal("/", At<WorkdirInstruction>(stage, 0).Path);
        Assert.Equal("/arm/v7", At<WorkdirInstruction>(stage, 2).Path);
    }

    [Fact]
    public void Proxy_build_args_reach_RUN_without_a_declaration_but_not_substitution()
    {
        var stage = Evaluate("FROM busybox\nWORKDIR /$HTTP_PROXY\n", new() { ["HTTP_PROXY"] = "http://proxy:3128", ["OTHER"] = "x" });
        Assert.Equal("/", At<WorkdirInstruction>(stage, 0).Path);
        Assert.Equal("http://proxy:3128", stage.RunArgs[0]["HTTP_PROXY"]);
        Assert.False(stage.RunArgs[0].ContainsKey("OTHER"));
    }

    [Fact]
    public void An_ARG_reaches_a_RUN_only_from_its_declaration_on()
    {
        var stage = Evaluate("FROM busybox\nRUN echo $LATER\nARG LATER=later\nRUN echo $LATER\n", new());
        Assert.False(stage.RunArgs[0].ContainsKey("LATER"));
        Assert.Equal("later", stage.RunArgs[1]["LATER"]);
        Assert.Equal("later", stage.RunArgs[2]["LATER"]);
    }

    [Fact]
    public void The_base_images_ENV_is_visible()
    {
        var parsed = DockerfileParser.Parse("FROM busybox\nWORKDIR $HOME/app\n");
        var stage = new DockerfileEvaluator(parsed, BuildInputs.Default).Evaluate(parsed.Stages[0], [new("HOME", "/root")]);
        Assert.Equal("/root/app", At<WorkdirInstruction>(stage, 0).Path);
    }

    /// <summary>BuildKit's own cases (dockerfile_heredoc_test.go): an unquoted delimiter expands variables and
    /// backslash escapes but keeps quotes; a quoted one keeps the body as written.</summary>
    [Theory]
    [InlineData("<<EOF", "Hello ${name}!", "Hello world!")]
    [InlineData("<<'EOF'", "Hello ${name}!", "Hello ${name}!")]
    [InlineData("<<\"EOF\"", "Hello ${name}!", "Hello ${name}!")]
    [InlineData("<<EOF", "Hello '${name}'!", "Hello 'world'!")]
    [InlineData("<<EOF", "Hello \"${name}\"!", "Hello \"world\"!")]
    [InlineData("<<'EOF'", "Hello \"${name}\"!", "Hello \"${name}\"!")]
    [InlineData("<<EOF", "\\", "")] // the backslash escapes the newline, which stays: the body is "\n"
    [InlineData("<<EOF", "\\\\", "\\")]
    [InlineData("<<EOF", "\\$name", "$name")]
    [InlineData("<<\"EOF\"", "\\$name", "\\$name")]
    [InlineData("<<EOF", "${missing:-default} $(date) <<in", "default $(date) <<in")]
    [InlineData("<<-EOF", "\t\tindented $name", "indented world")]
    public void Copy_heredoc_bodies_expand_as_buildkit_does(string marker, string line, string content)
    {
        var copy = At<CopyInstruction>(Evaluate($"FROM busybox\nARG name=world\nCOPY {marker} /file\n{line}\nEOF\n"), 1);

        Assert.Equal(content + "\n", Assert.Single(copy.Heredocs).Content);
    }

    [Fact]
    public void Heredoc_bodies_escape_with_a_backslash_whatever_the_escape_directive_and_add_bodies_expand_too()
    {
        var stage = Evaluate("# escape=`\nFROM busybox\nARG name=world\nADD <<EOF <<two /dir/\n\\$name `$name\nEOF\n$name\ntwo\n");

        var add = At<AddInstruction>(stage, 1);
        Assert.Equal(["$name `world\n", "world\n"], add.Heredocs.Select(h => h.Content));
    }

    [Fact]
    public void A_bad_substitution_in_a_heredoc_body_is_one_line()
    {
        var e = Assert.Throws<DockerfileException>(() => Evaluate("FROM busybox\nCOPY <<EOF /f\nfirst\n${X:?is needed}\nEOF\n"));

        Assert.Equal("Dockerfile:2: COPY: failed to process \"first\\n${X:?is needed}\\n\": X: is needed", e.Message);
    }

    [Fact]
    public void Substitution_errors_name_the_line_and_instruction()
    {
        var e = Assert.Throws<DockerfileException>(() => Evaluate("FROM busybox\n\nWORKDIR ${X:?set X}\n"));
        Assert.Equal("Dockerfile:3: WORKDIR: failed to process \"${X:?set X}\": X: set X", e.Message);
    }

    [Fact]
    public void Bad_ports_and_modes_after_substitution_are_refused()
    {
        Assert.Equal("Dockerfile:3: EXPOSE: invalid port \"http\": expected port[-port][/tcp|/udp|/sctp]",
            Assert.Throws<DockerfileException>(() => Evaluate("FROM busybox\nARG P=http\nEXPOSE $P\n")).Message);
        Assert.StartsWith("Dockerfile:3: COPY: invalid chmod parameter: \"abc\"",
            Assert.Throws<DockerfileException>(() => Evaluate("FROM busybox\nARG M=abc\nCOPY --chmod=$M a b\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_base_name_is_refused()
    {
        Assert.Equal("Dockerfile:1: FROM: base name (${BASE}) should not be blank",
            Assert.Throws<DockerfileException>(() => Evaluate("FROM ${BASE}\n")).Message);
    }
}
