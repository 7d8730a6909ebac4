namespace Wharf.Server.Tests.Builds;

/// <summary>What one build may take: <c>Builds:Timeout</c> of time (then it is stopped and failed) and
/// <c>Builds:MaxLogLines</c> of log (then the rest is dropped with a note, and how the build ended is still written).</summary>
public sealed class BuildLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_build_past_its_timeout_is_stopped_and_failed_and_a_long_log_is_cut()
    {
        await using var builds = await BuildsServer.StartAsync(new Dictionary<string, string?> { ["Builds:Timeout"] = "00:00:02", ["Builds:MaxLogLines"] = "100" });
        var alice = await builds.Api.NewUserAsync("alice");
        var chatty = string.Join('\n', Enumerable.Range(1, 150).Select(i => $"LOG line {i}"));

        var hanging = await builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG start\nBLOCK")), $"repository={alice.Name}/app&tag=hang");
        var talking = await builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", chatty), ("f", "x")), $"repository={alice.Name}/app&tag=talk");
        var stopped = await builds.WaitAsync(alice, hanging);
        var cut = await builds.WaitAsync(alice, talking);

        Assert.Equal("failed", stopped["state"]!.GetValue<string>());
        Assert.Equal("the build ran longer than Builds:Timeout (00:00:02) and was stopped", stopped["error"]!.GetValue<string>());
        Assert.Equal(1, builds.Builder.Cancelled);
        Assert.Equal("succeeded", cut["state"]!.GetValue<string>());
        var lines = (await builds.LogAsync(alice, talking)).TrimEnd('\n').Split('\n');
        Assert.Equal(102, lines.Length);
        Assert.Equal("(log cut: more than 100 lines, Builds:MaxLogLines)", lines[100]);
        Assert.StartsWith("pushed sha256:", lines[101], StringComparison.Ordinal);
    }
}
