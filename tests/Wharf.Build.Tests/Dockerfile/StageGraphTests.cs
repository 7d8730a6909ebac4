using Wharf.Build.Dockerfile;

namespace Wharf.Build.Tests.Dockerfile;

public sealed class StageGraphTests
{
    private static StageGraph Graph(string text, Dictionary<string, string>? buildArgs = null)
    {
        var parsed = DockerfileParser.Parse(text);
        return new StageGraph(parsed, new DockerfileEvaluator(parsed, BuildInputs.Default with { BuildArgs = buildArgs ?? [] }));
    }

    private const string MultiStage = """
        FROM alpine AS base
        FROM base AS deps
        FROM golang AS build
        COPY --from=deps /x /x
        FROM alpine AS unrelated
        FROM scratch AS runtime
        COPY --from=build /app /app
        RUN --mount=type=bind,from=0,target=/b true
        FROM runtime AS test
        """;

    [Fact]
    public void Only_the_stages_the_target_needs_are_built()
    {
        var stages = Graph(MultiStage).StagesFor("runtime");
        Assert.Equal(["base", "deps", "build", "runtime"], stages.Select(s => s.DisplayName));
    }

    [Fact]
    public void Without_a_target_the_last_stage_is_built()
    {
        Assert.Equal(["base", "deps", "build", "runtime", "test"], Graph(MultiStage).StagesFor(null).Select(s => s.DisplayName));
    }

    [Fact]
    public void Targets_are_case_insensitive()
    {
        Assert.Equal("build", Graph(MultiStage).Target("BUILD").Name);
    }

    [Fact]
    public void An_unknown_target_is_refused_with_a_suggestion()
    {
        var e = Assert.Throws<DockerfileException>(() => Graph(MultiStage).Target("buld"));
        Assert.Equal("Dockerfile: target stage \"buld\" could not be found (did you mean build?)", e.Message);
    }

    [Fact]
    public void A_FROM_through_a_global_ARG_can_name_a_stage()
    {
        var graph = Graph("ARG BASE=one\nFROM alpine AS one\nFROM alpine AS two\nFROM ${BASE}\n", new() { ["BASE"] = "two" });
        Assert.Equal([1], graph.DependenciesOf(2));
    }

    [Fact]
    public void COPY_from_an_image_needs_no_stage()
    {
        var graph = Graph("FROM alpine AS a\nFROM alpine\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf\n");
        Assert.Empty(graph.DependenciesOf(1));
    }

    [Fact]
    public void COPY_from_a_later_stage_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => Graph("FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n"));
        Assert.Equal("Dockerfile:2: COPY: cannot copy from stage \"b\", it needs to be defined before current stage \"a\"", e.Message);
    }

    [Fact]
    public void A_RUN_mount_from_a_later_stage_is_refused()
    {
        var e = Assert.Throws<DockerfileException>(() => Graph("FROM alpine AS a\nRUN --mount=from=b,target=/b true\nFROM alpine AS b\n"));
        Assert.Equal("Dockerfile:2: RUN: cannot mount from stage \"b\", it needs to be defined before current stage \"a\"", e.Message);
    }

    [Fact]
    public void COPY_from_its_own_index_or_one_out_of_range_is_refused()
    {
        Assert.Equal("Dockerfile:2: COPY: cannot copy from stage \"0\", it needs to be defined before current stage \"0\"",
            Assert.Throws<DockerfileException>(() => Graph("FROM alpine\nCOPY --from=0 /x /x\n")).Message);
        Assert.Equal("Dockerfile:2: COPY: invalid stage index 5",
            Assert.Throws<DockerfileException>(() => Graph("FROM alpine\nCOPY --from=5 /x /x\n")).Message);
    }

    [Fact]
    public void A_FROM_naming_a_later_stage_is_an_image()
    {
        var graph = Graph("FROM later\nFROM alpine AS later\n");
        Assert.Empty(graph.DependenciesOf(0));
    }
}
