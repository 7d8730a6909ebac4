namespace Wharf.Build.Tests.Lint;

public sealed class PackageCacheLeftTests
{
    private const string Rule = "PackageCacheLeft";

    [Theory]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10\n", "apt-get update", "/var/lib/apt/lists")]
    [InlineData("FROM alpine:3\nRUN apk add curl=8.5.0-r0\n", "apk add curl=8.5.0-r0", "/var/cache/apk")]
    [InlineData("FROM alpine:3\nRUN apk update && apk add --no-cache curl=8.5.0-r0\n", "apk update", "/var/cache/apk")]
    [InlineData("FROM python:3\nRUN pip install -r requirements.txt\n", "pip install -r requirements.txt", "~/.cache/pip")]
    [InlineData("FROM python:3\nRUN python3 -m pip install -r requirements.txt\n", "python3 -m pip install -r requirements.txt", "~/.cache/pip")]
    [InlineData("FROM node:20\nRUN npm ci\n", "npm ci", "~/.npm")]
    [InlineData("FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y x=1\n", "apt-get update", "/var/lib/apt/lists")]
    public void A_cache_the_RUN_leaves_is_advised(string dockerfile, string command, string directory)
    {
        var advice = Assert.Single(Linted.By(Rule, dockerfile));
        Assert.Equal(2, advice.Line);
        Assert.StartsWith($"`{command}` leaves ", advice.Message, StringComparison.Ordinal);
        Assert.Contains($"({directory}) in this layer", advice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends x=1.2 && rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM debian:12\nRUN apt-get update \\\n && apt-get install -y x=1.2 \\\n && apt-get clean \\\n && rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x=1\n")]
    [InlineData("FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0\n")]
    [InlineData("FROM alpine:3\nRUN apk add curl=8.5.0-r0 && rm -rf /var/cache/apk/*\n")]
    [InlineData("FROM python:3\nRUN pip install --no-cache-dir -r requirements.txt\n")]
    [InlineData("FROM python:3\nRUN PIP_NO_CACHE_DIR=1 pip install -r requirements.txt\n")]
    [InlineData("FROM python:3\nARG PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n")]
    [InlineData("FROM python:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n")]
    [InlineData("FROM python:3\nRUN pip install -r requirements.txt && rm -rf ~/.cache/pip\n")]
    [InlineData("FROM node:20\nRUN npm ci && npm cache clean --force\n")]
    [InlineData("FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n")]
    [InlineData("FROM debian:12\nRUN apt-get install -y ./local.deb\n")]
    public void Good_practice_is_not_advised(string dockerfile) => Assert.Empty(Linted.By(Rule, dockerfile));

    [Fact]
    public void A_builder_stage_that_is_only_copied_from_is_not_advised()
    {
        const string dockerfile = "FROM node:20 AS build\nRUN npm ci\nFROM nginx:1\nCOPY --from=build /app/dist /usr/share/nginx/html\n";
        Assert.Empty(Linted.By(Rule, dockerfile));
    }

    [Fact]
    public void A_stage_no_other_uses_may_be_a_target_and_is_advised()
    {
        const string dockerfile = "FROM node:20 AS test\nRUN npm ci\nFROM nginx:1\n";
        Assert.Equal([2], Linted.Lines(Rule, dockerfile));
    }
}
