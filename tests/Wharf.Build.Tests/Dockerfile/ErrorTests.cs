using Wharf.Build.Dockerfile;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class ErrorTests
{
    private static string Refusal(string text, string file = "Dockerfile") =>
        Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(text, file)).Message;

    [Theory]
    [InlineData("COPY --form=build a b", "Dockerfile:2: COPY: unknown flag --form (did you mean --from?)")]
    [InlineData("RUN --mount=type=cache,target=/x --networks=none true", "Dockerfile:2: RUN: unknown flag --networks (did you mean --network?)")]
    [InlineData("ENV --x=1 A=b", "Dockerfile:2: ENV: unknown flag --x")]
    [InlineData("COPY --chown=a --chown=b x y", "Dockerfile:2: COPY: duplicate flag specified: --chown")]
    [InlineData("COPY --chown x y", "Dockerfile:2: COPY: missing a value on flag: --chown")]
    [InlineData("COPY --link= x y", "Dockerfile:2: COPY: missing a value on flag: --link")]
    [InlineData("COPY --link=maybe x y", "Dockerfile:2: COPY: expecting boolean value for flag --link, not: maybe")]
    [InlineData("RUN --network=bridge true", "Dockerfile:2: RUN: invalid network mode \"bridge\"")]
    [InlineData("RUN --security=open true", "Dockerfile:2: RUN: security \"open\" is not valid")]
    [InlineData("RUN --mount=type=cahce,target=/x true", "Dockerfile:2: RUN: unsupported mount type \"cahce\" (did you mean cache?)")]
    [InlineData("RUN --mount=type=cache,target=/x,sharing=all true", "Dockerfile:2: RUN: unsupported sharing value \"all\"")]
    [InlineData("RUN --mount=type=secret true", "Dockerfile:2: RUN: invalid secret mount. one of source, target required")]
    [InlineData("RUN --mount=type=bind,target=/x,mode=0700 true", "Dockerfile:2: RUN: mode not allowed for \"bind\" type mounts")]
    [InlineData("RUN --mount=type=bind,targt=/x true", "Dockerfile:2: RUN: unexpected key 'targt' in 'targt=/x' (did you mean target?)")]
    [InlineData("RUN --mount=type=bind,from=$X,target=/x true", "Dockerfile:2: RUN: 'from' doesn't support variable expansion, define alias stage instead")]
    [InlineData("RUN", "Dockerfile:2: RUN: RUN requires at least one argument")]
    [InlineData("ENV", "Dockerfile:2: ENV: ENV requires at least one argument")]
    [InlineData("ENV NOVALUE", "Dockerfile:2: ENV: ENV must have two arguments")]
    [InlineData("ENV A=1 B", "Dockerfile:2: ENV: Syntax error - can't find = in \"B\". Must be of the form: name=value")]
    [InlineData("LABEL =x", "Dockerfile:2: LABEL: LABEL names can not be blank")]
    [InlineData("COPY onlyone", "Dockerfile:2: COPY: COPY requires at least two arguments, but only one was provided. Destination could not be determined")]
    [InlineData("COPY --chmod=999 a b", "Dockerfile:2: COPY: invalid chmod parameter: \"999\"; it must be octal or symbolic (e.g. 755 or u=rwx,go=rx)")]
    [InlineData("COPY --from=${STAGE} a b", "Dockerfile:2: COPY: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround")]
    [InlineData("ADD --checksum=md5:abc http://x/y /z", "Dockerfile:2: ADD: invalid checksum \"md5:abc\": expected sha256:, sha384: or sha512: and the hex digest (a URL), or a commit hash (a git repository)")]
    [InlineData("WORKDIR", "Dockerfile:2: WORKDIR: WORKDIR requires exactly one argument")]
    [InlineData("USER", "Dockerfile:2: USER: USER requires exactly one argument")]
    [InlineData("EXPOSE", "Dockerfile:2: EXPOSE: EXPOSE requires at least one argument")]
    [InlineData("VOLUME [\"\"]", "Dockerfile:2: VOLUME: VOLUME specified can not be an empty string")]
    [InlineData("SHELL /bin/sh -c", "Dockerfile:2: SHELL: SHELL requires the arguments to be in JSON form, not: /bin/sh -c")]
    [InlineData("ONBUILD ONBUILD RUN x", "Dockerfile:2: ONBUILD: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    [InlineData("ONBUILD FROM x", "Dockerfile:2: ONBUILD: FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD MAINTAINER x", "Dockerfile:2: ONBUILD: MAINTAINER isn't allowed as an ONBUILD trigger")]
    [InlineData("ONBUILD COPY --form=x a b", "Dockerfile:2: ONBUILD: unknown flag --form (did you mean --from?)")]
    [InlineData("HEALTHCHECK NONE x", "Dockerfile:2: HEALTHCHECK: HEALTHCHECK NONE takes no arguments")]
    [InlineData("HEALTHCHECK CMD", "Dockerfile:2: HEALTHCHECK: Missing command after HEALTHCHECK CMD")]
    [InlineData("HEALTHCHECK RUN x", "Dockerfile:2: HEALTHCHECK: Unknown type \"RUN\" in HEALTHCHECK (try CMD)")]
    [InlineData("HEALTHCHECK --interval=5 CMD x", "Dockerfile:2: HEALTHCHECK: invalid duration for --interval: \"5\"")]
    [InlineData("HEALTHCHECK --retries=-1 CMD x", "Dockerfile:2: HEALTHCHECK: --retries cannot be negative (-1)")]
    [InlineData("HEALTHCHECK --interval=1us CMD x", "Dockerfile:2: HEALTHCHECK: Interval \"interval\" cannot be less than 1ms")]
    [InlineData("CPY a b", "Dockerfile:2: CPY: unknown instruction: CPY (did you mean COPY?)")]
    [InlineData("FROM a AS 1st", "Dockerfile:2: FROM: invalid name for build stage: \"1st\", name can't start with a number or contain symbols")]
    [InlineData("FROM a b", "Dockerfile:2: FROM: FROM requires either one or three arguments")]
    public void Refusals_name_file_line_and_instruction(string instruction, string message)
    {
        Assert.Equal(message, Refusal("FROM scratch\n" + instruction + "\n"));
    }

    [Fact]
    public void A_stage_name_used_twice_is_refused()
    {
        Assert.Equal("Dockerfile:2: FROM: duplicate stage name \"build\"", Refusal("FROM a AS build\nFROM b AS BUILD\n"));
    }

    [Fact]
    public void Instructions_before_FROM_other_than_ARG_are_refused()
    {
        Assert.Equal("Dockerfile:1: RUN: no build stage in current context (the first instruction must be FROM or ARG)", Refusal("RUN x\nFROM scratch\n"));
    }

    [Fact]
    public void Files_without_instructions_or_stages_are_refused()
    {
        Assert.Equal("Dockerfile: file with no instructions", Refusal("# only a comment\n\n"));
        Assert.Equal("Dockerfile: dockerfile contains no stages to build", Refusal("ARG X=1\n"));
    }

    [Fact]
    public void The_file_name_given_is_the_one_in_the_message()
    {
        var e = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("FROM scratch\n\n\n\n\n\nCOPY --form=x a b\n", "build/Dockerfile.prod"));
        Assert.Equal("build/Dockerfile.prod:7: COPY: unknown flag --form (did you mean --from?)", e.Message);
        Assert.Equal(("build/Dockerfile.prod", 7, "COPY"), (e.File, e.Line, e.Instruction));
        Assert.DoesNotContain('\n', e.Message);
    }
}
