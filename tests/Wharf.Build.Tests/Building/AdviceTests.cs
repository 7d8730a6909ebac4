namespace Wharf.Build.Tests.Building;

/// <summary>What a build tells its user about its layers: a summary per layer and advice measured from the real
/// layers (bytes one step adds and a later one deletes), besides the Dockerfile's own lint.</summary>
public sealed class AdviceTests : IDisposable
{
    private readonly BuildWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_cleanup_in_a_later_step_is_measured_and_reported_with_the_summary()
    {
        var context = _workspace.Context("waste", BuildWorkspace.BusyboxStage + """

            RUN mkdir -p /var/cache/big && head -c 3145728 /dev/zero > /var/cache/big/blob
            RUN rm -rf /var/cache/big
            """);

        var (result, log) = await _workspace.BuildAsync(context);

        var wasted = Assert.Single(result.Advice, a => a.RuleId == "WastedBytes");
        Assert.Equal(5, wasted.Line); // the cleanup that saves nothing
        Assert.Contains(log.Lines, l => l.StartsWith("Dockerfile:5 WastedBytes: ", StringComparison.Ordinal));
        Assert.True(log.Lines.Any(l => l.Contains("RUN", StringComparison.Ordinal) && l.Contains("3.0 MiB", StringComparison.Ordinal)), string.Join("\n", log.Lines));
    }
}
