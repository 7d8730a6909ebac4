using System.Diagnostics;
using Wharf.Build.State;

namespace Wharf.Build.Tests.State;

/// <summary>A prune never removes what a build uses, in this process or another: a build holds the state's lock from its
/// start until its image has been read; a prune without waiting then removes nothing, and one that waits starts once
/// the build lets go, holding back builds that start meanwhile.</summary>
public sealed class PruneLockTests : IDisposable
{
    private readonly PruneWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_prune_removes_nothing_while_a_build_still_holds_its_image()
    {
        var context = _workspace.Context("app", 16, "one");
        var (held, _) = await _workspace.Builds.BuildAsync(context);
        var entries = _workspace.Files("cache");

        var busy = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct);

        Assert.True(busy.Busy);
        Assert.Equal(0, busy.Reclaimed);
        Assert.Equal(entries, _workspace.Files("cache"));
        Assert.Equal(3, (await ImageTree.ReadAsync(held.Image)).Layers.Count); // still whole
        await held.Image.DisposeAsync();
        var pruned = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct);
        Assert.False(pruned.Busy);
        Assert.Empty(_workspace.Files("cache"));
    }

    [Fact]
    public async Task A_prune_removes_nothing_while_a_build_of_another_process_holds_the_state()
    {
        Assert.True(ExternalTool.Exists("flock"), "flock (util-linux) is needed: the other process holding the lock");
        await _workspace.BuildAsync(_workspace.Context("app", 16, "one"));
        using var other = Process.Start(new ProcessStartInfo("flock", ["--shared", "--close", Path.Combine(_workspace.State, "lock"), "sleep", "60"]))!;
        try
        {
            await WaitUntilHeldElsewhereAsync();

            var busy = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct);

            Assert.True(busy.Busy);
            Assert.NotEmpty(_workspace.Files("cache"));
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync(PruneWorkspace.Ct);
        }

        Assert.False((await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct)).Busy);
        Assert.Empty(_workspace.Files("cache"));
    }

    [Fact]
    public async Task A_waiting_prune_runs_once_the_build_lets_go_and_a_build_started_meanwhile_waits_behind_it()
    {
        var (held, _) = await _workspace.Builds.BuildAsync(_workspace.Context("first", 16, "one"));
        var prune = BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true, Wait = true }, PruneWorkspace.Ct);
        await Task.Delay(500, PruneWorkspace.Ct);
        Assert.False(prune.IsCompleted);
        var later = _workspace.Builds.BuildAsync(_workspace.Context("later", 16, "two"));
        await Task.Delay(500, PruneWorkspace.Ct);
        Assert.False(later.IsCompleted);

        await held.Image.DisposeAsync();
        var pruned = await prune;
        var (built, log) = await later;

        Assert.True(pruned.Reclaimed > 0);
        Assert.Contains("waiting for the prune of the builder's state to end", log.Lines);
        Assert.Contains("ran-two", log.Lines);
        Assert.Equal(3, (await ImageTree.ReadAsync(built.Image)).Layers.Count); // its layers were not pruned under it
        await built.Image.DisposeAsync();
    }

    /// <summary>Waits until the other process holds the lock: flock -n cannot take it exclusively.</summary>
    private async Task WaitUntilHeldElsewhereAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            using var probe = Process.Start(new ProcessStartInfo("flock", ["--nonblock", "--exclusive", Path.Combine(_workspace.State, "lock"), "true"]))!;
            await probe.WaitForExitAsync(PruneWorkspace.Ct);
            if (probe.ExitCode != 0)
            {
                return;
            }

            await Task.Delay(100, PruneWorkspace.Ct);
        }

        Assert.Fail("the other process never took the lock");
    }
}
