namespace Wharf.Build.Tests.Lint;

public sealed class FromTagTests
{
    [Theory]
    [InlineData("FROM python:3.12-slim\n", "FromMovingTag", 1)]
    [InlineData("FROM --platform=$BUILDPLATFORM registry.example.com:5000/team/app:1.2 AS build\n", "FromMovingTag", 1)]
    [InlineData("ARG VERSION=3.12\nFROM python:${VERSION}\n", "FromMovingTag", 2)]
    [InlineData("FROM python\n", "FromLatest", 1)]
    [InlineData("FROM python:latest\n", "FromLatest", 1)]
    [InlineData("FROM localhost:5000/team/app\n", "FromLatest", 1)]
    public void A_base_image_by_tag_is_advised_once(string dockerfile, string rule, int line)
    {
        var advice = Linted.All(dockerfile).Where(a => a.RuleId.StartsWith("From", StringComparison.Ordinal)).ToList();
        Assert.Equal([(rule, line)], advice.Select(a => (a.RuleId, a.Line)));
    }

    [Fact]
    public void The_fix_shows_the_digest_form()
    {
        var advice = Assert.Single(Linted.By("FromMovingTag", "FROM python:3.12-slim\n"));
        Assert.Equal("pin the digest too: FROM python:3.12-slim@sha256:<digest> (wharf inspect python:3.12-slim shows it)", advice.Fix);
        Assert.Equal("name a version and pin its digest: FROM python:<version>@sha256:<digest>", Assert.Single(Linted.By("FromLatest", "FROM python\n")).Fix);
    }

    [Theory]
    [InlineData("FROM python:3.12@sha256:4f1c2a0e\n")]
    [InlineData("FROM python@sha256:4f1c2a0e\n")]
    [InlineData("FROM scratch\n")]
    [InlineData("FROM python:3.12@sha256:4f AS base\nFROM base\nFROM BASE AS again\n")]
    [InlineData("ARG BASE\nFROM ${BASE}\n")]
    [InlineData("ARG BASE=build\nFROM python@sha256:0 AS build\nFROM ${BASE}\n")]
    [InlineData("ARG V=${U:?is required}\nFROM python:${V}\n")]
    public void Digests_scratch_stages_and_unknown_references_are_not_advised(string dockerfile) =>
        Assert.DoesNotContain(Linted.All(dockerfile), a => a.RuleId.StartsWith("From", StringComparison.Ordinal));
}
