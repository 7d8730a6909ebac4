using Wharf.Build.Dockerfile;
using Wharf.Build.Lint;

namespace Wharf.Build.Tests.Lint;

public sealed class DockerfileLinterTests
{
    private const string Untidy = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nUSER root\n";

    [Fact]
    public void Advice_comes_in_line_order_with_the_file_name_the_parser_was_given()
    {
        var advice = DockerfileLinter.Lint(DockerfileParser.Parse(Untidy, "build/Dockerfile.prod"));
        Assert.Equal(
            [(1, "FromMovingTag"), (2, "PackageCacheLeft"), (2, "UnpinnedPackages"), (3, "CleanupInLaterLayer"), (4, "LastUserRoot")],
            advice.Select(a => (a.Line, a.RuleId)));
        Assert.All(advice, a => Assert.Equal("build/Dockerfile.prod", a.File));
        Assert.All(advice, a => Assert.DoesNotContain('\n', a.Message + a.Fix));
    }

    [Theory]
    [InlineData("# check=skip=FromMovingTag,UnpinnedPackages\n", "PackageCacheLeft CleanupInLaterLayer LastUserRoot")]
    [InlineData("# check=skip=fromMovingTag;error=true\n", "PackageCacheLeft UnpinnedPackages CleanupInLaterLayer LastUserRoot")]
    [InlineData("# check=skip=all\n", "")]
    public void Check_skip_silences_rules_by_id(string directive, string remaining) =>
        Assert.Equal(remaining, string.Join(' ', Linted.All(directive + Untidy).Select(a => a.RuleId)));

    [Fact]
    public void A_tidy_Dockerfile_gets_no_advice()
    {
        const string dockerfile = """
            # syntax=docker/dockerfile:1
            FROM python:3.12-slim@sha256:4f1c2a0e AS build
            ARG DEBIAN_FRONTEND=noninteractive
            RUN apt-get update \
             && apt-get install -y --no-install-recommends build-essential=12.9 \
             && rm -rf /var/lib/apt/lists/*
            WORKDIR /src
            COPY requirements.txt .
            RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
            COPY . .
            RUN python -m compileall .

            FROM python:3.12-slim@sha256:4f1c2a0e
            RUN <<EOF
            set -e
            useradd --create-home app
            EOF
            COPY --from=build /src /app
            ENV PIP_NO_CACHE_DIR=1 GPG_PUBLIC_KEY=abc
            USER app
            CMD ["python", "/app/main.py"]
            """;
        Assert.Empty(Linted.All(dockerfile));
    }

    /// <summary>BuildKit syntax the builder supports lints like any other Dockerfile: no failure, one-line advice.</summary>
    [Theory]
    [InlineData("FROM alpine:3.20 AS b\nRUN true\nFROM alpine:3.20\nRUN --mount=type=bind,from=b,source=/x,target=/y,rw --mount=type=cache,from=b,source=/c,target=/c true\n")]
    [InlineData("FROM alpine:3.20\nARG who=x\nCOPY <<EOF <<-\"two\" /dir/\nhello $who\nEOF\n\tb\ntwo\nADD --chmod=755 <<EOF /s.sh\necho\nEOF\n")]
    [InlineData("FROM alpine:3.20\nADD --keep-git-dir=true --checksum=be1f38e https://github.com/moby/buildkit.git#v0.14.1:docs /docs\nADD git@github.com:moby/buildkit.git?ref=main&subdir=docs /d2\n")]
    [InlineData("FROM alpine:3.20\nADD --unpack=true https://example.com/tool.tar.gz /opt/\nADD --unpack=false bundle.tar.gz /keep/\n")]
    [InlineData("FROM alpine:3.20\nRUN --mount=type=ssh,id=deploy,required=true,uid=1000,mode=0600 --mount=type=ssh ssh -T git@example.com\n")]
    [InlineData("FROM --platform=linux/arm64 alpine:3.20 AS arm\nCOPY x /x\nFROM --platform=$BUILDPLATFORM alpine:3.20\nCOPY --from=arm /x /x\n")]
    public void Newer_syntax_lints_without_failing(string dockerfile) =>
        Assert.All(Linted.All(dockerfile), a => Assert.DoesNotContain('\n', a.Message + a.Fix));

    [Fact]
    public void Every_rule_has_a_distinct_id()
    {
        Assert.Equal(DockerfileLinter.RuleIds.Count, DockerfileLinter.RuleIds.Distinct().Count());
        Assert.Contains("SecretsUsedInArgOrEnv", DockerfileLinter.RuleIds);
    }
}
