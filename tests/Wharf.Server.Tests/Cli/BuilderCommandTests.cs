using System.Diagnostics;
using Wharf.Server.Tests.Infrastructure;

namespace Wharf.Server.Tests.Cli;

/// <summary><c>wharf builder prune</c> and <c>du</c> as a script runs them: without <c>-f</c> and nobody to answer, one
/// line and nothing removed; with it, docker's "Total reclaimed space" line, and a rebuild that runs every step again;
/// while a build holds the state, one line and nothing removed.</summary>
public sealed class BuilderCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wharf-test-builder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_directory, "state");

    [Fact]
    public async Task Prune_asks_first_refuses_where_nobody_can_answer_and_prints_what_it_freed()
    {
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), BusyboxImage.BaseDockerfile + "\nRUN echo made > /made\n");
        var built = await WharfCli.RunAsync(["build", "--state", State, context], ct: Ct);
        Assert.True(built.ExitCode == 0, built.Describe());

        var piped = await WharfCli.RunAsync(["builder", "prune", "--state", State], new Dictionary<string, string> { ["CI"] = "" }, standardInput: "y\n", ct: Ct);
        var ci = await WharfCli.RunAsync(["builder", "prune", "-a", "--state", State], new Dictionary<string, string> { ["CI"] = "true" }, ct: Ct);

        Assert.Equal(1, piped.ExitCode);
        Assert.Equal("wharf builder prune: standard input is not a terminal, so it cannot ask before removing: pass -f (--force) to prune without asking", piped.StandardError.Trim());
        Assert.Equal(1, ci.ExitCode);
        Assert.Equal("wharf builder prune: $CI is set, so it cannot ask before removing: pass -f (--force) to prune without asking", ci.StandardError.Trim());
        var cached = await WharfCli.RunAsync(["build", "--state", State, context], ct: Ct);
        Assert.Contains(" ---> cached", cached.StandardError, StringComparison.Ordinal);

        var du = await WharfCli.RunAsync(["builder", "du", "--state", State], ct: Ct);
        var pruned = await WharfCli.RunAsync(["builder", "prune", "--all", "-f", "--state", State], ct: Ct);
        var after = await WharfCli.RunAsync(["builder", "du", "--state", State], ct: Ct);

        Assert.True(du.ExitCode == 0, du.Describe());
        Assert.Matches(@"(?m)^build cache +[0-9]+ +[0-9.]+ [KM]iB +[0-9.]+ [KM]iB$", du.StandardOutput);
        Assert.True(pruned.ExitCode == 0, pruned.Describe());
        var lines = pruned.StandardOutput.Trim().Split('\n');
        Assert.StartsWith("Deleted build cache objects: ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Total reclaimed space: [0-9.]+ [KM]iB$", lines[^1]);
        Assert.Equal(du.StandardOutput.Split('\n').Single(l => l.StartsWith("Total:", StringComparison.Ordinal))[6..].Trim(), lines[^1]["Total reclaimed space:".Length..].Trim());
        Assert.Contains("Total:       0 B", after.StandardOutput, StringComparison.Ordinal);
        var rebuilt = await WharfCli.RunAsync(["build", "--state", State, context], ct: Ct);
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Describe());
        Assert.DoesNotContain(" ---> cached", rebuilt.StandardError, StringComparison.Ordinal);
        Assert.Equal(built.StandardOutput.Trim(), rebuilt.StandardOutput.Trim()); // the same digest
    }

    [Fact]
    public async Task Prune_removes_nothing_while_a_build_holds_the_state()
    {
        var context = BusyboxImage.CreateContext(Path.Combine(_directory, "context"), BusyboxImage.BaseDockerfile);
        Assert.True((await WharfCli.RunAsync(["build", "-q", "--state", State, context], ct: Ct)).ExitCode == 0);
        using var build = Process.Start(new ProcessStartInfo(ExternalTool.Require("flock"), ["--shared", "--close", Path.Combine(State, "lock"), "sleep", "60"]))!;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct); // flock has the lock long before this

            var busy = await WharfCli.RunAsync(["builder", "prune", "-af", "--state", State], ct: Ct);

            Assert.Equal(1, busy.ExitCode);
            Assert.Equal($"wharf builder prune: builds are running on {State} (they hold its lock): nothing was removed; prune again once they have ended", busy.StandardError.Trim());
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(State, "cache")));
        }
        finally
        {
            build.Kill(entireProcessTree: true);
        }
    }
}
