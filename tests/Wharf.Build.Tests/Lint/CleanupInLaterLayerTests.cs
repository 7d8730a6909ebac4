namespace Wharf.Build.Tests.Lint;

public sealed class CleanupInLaterLayerTests
{
    private const string Rule = "CleanupInLaterLayer";

    [Theory]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n", 3)]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get clean\n", 3)]
    [InlineData("FROM alpine:3\nRUN apk add curl\nRUN rm -rf /var/cache/apk/*\n", 3)]
    [InlineData("FROM python:3\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n", 3)]
    [InlineData("FROM python:3\nUSER app\nRUN pip install flask\nRUN rm -rf ~/.cache\n", 4)]
    [InlineData("FROM python:3\nRUN pip install flask\nRUN pip cache purge\n", 3)]
    [InlineData("FROM node:20\nRUN npm ci\nRUN npm cache clean --force\n", 3)]
    [InlineData("FROM node:20\nRUN yarn install\nRUN yarn cache clean\n", 3)]
    [InlineData("FROM debian:12\nRUN curl -o /tmp/app.tgz https://x/app.tgz && tar xzf /tmp/app.tgz -C /opt\nRUN rm -rf /tmp/*\n", 3)]
    [InlineData("FROM debian:12\nCOPY app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz\n", 3)]
    [InlineData("FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n", 4)]
    public void A_cleanup_after_the_layer_that_made_the_files_is_advised(string dockerfile, int line) =>
        Assert.Equal([line], Linted.Lines(Rule, dockerfile));

    [Fact]
    public void The_advice_names_both_steps_and_says_why()
    {
        var advice = Assert.Single(Linted.By(Rule, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n"));
        Assert.Equal("`rm -rf /var/lib/apt/lists/*` cannot make the image smaller: the apt package lists that line 2 (apt-get update) left stay in that earlier layer", advice.Message);
        Assert.Equal("delete them in the step at line 2 that creates them", advice.Fix);
        Assert.Equal("Dockerfile", advice.File);
    }

    [Fact]
    public void Layers_of_the_stage_built_FROM_count()
    {
        const string dockerfile = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN rm -rf /var/lib/apt/lists/*\n";
        Assert.Equal([4], Linted.Lines(Rule, dockerfile));
    }

    [Theory]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM alpine:3\nRUN apk add --no-cache curl\nRUN rm -rf /var/cache/apk/*\n")]
    [InlineData("FROM python:3\nRUN pip install --no-cache-dir flask==3.0.0\nRUN rm -rf /root/.cache/pip\n")]
    [InlineData("FROM python:3\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\nRUN rm -rf /root/.cache/pip\n")]
    [InlineData("FROM debian:12\nRUN rm -rf /tmp/*\n")]
    [InlineData("FROM debian:12\nRUN echo hi > /tmp/x\nRUN rm -rf /var/lib/apt/lists/*\n")]
    [InlineData("FROM debian:12\nRUN mkdir -p /tmp/build && chmod 1777 /tmp\nRUN curl -o /tmp/build/x.tgz https://x && tar xzf /tmp/build/x.tgz && rm -rf /tmp/build\n")]
    [InlineData("FROM debian:12\nRUN cd /tmp && git clone https://x/y && make -C y install && cd / && rm -rf /tmp/y\nRUN rm -rf /tmp/*\n")]
    public void A_cleanup_with_nothing_earlier_to_clean_is_not_advised(string dockerfile) =>
        Assert.Empty(Linted.By(Rule, dockerfile));

    [Fact]
    public void A_stage_that_is_only_copied_from_ships_no_layers()
    {
        const string dockerfile = "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nRUN rm -rf /var/lib/apt/lists/*\nFROM scratch\nCOPY --from=build /out /\n";
        Assert.Empty(Linted.By(Rule, dockerfile));
    }
}
