using Wharf.Build.State;

namespace Wharf.Build.Tests.State;

/// <summary>What a build that stopped without cleaning up leaves (a crash, a kill): its scratch directory with a mount
/// still in it, runc's state of its container, half-written files and checkouts, an overlayfs probe. Any prune removes them, detaching the mount first
/// rather than deleting through it, and leaves the cache alone when asked for leftovers only.</summary>
public sealed class LeftoverTests : IDisposable
{
    private readonly PruneWorkspace _workspace = new();
    private string? _mounted;

    public void Dispose()
    {
        if (_mounted is not null && File.ReadAllText("/proc/self/mountinfo").Contains(_mounted, StringComparison.Ordinal))
        {
            ExternalTool.Run("umount", "-l", _mounted);
        }

        _workspace.Dispose();
    }

    [Fact]
    public async Task A_stopped_builds_scratch_runc_state_and_temporaries_go_and_what_was_mounted_in_it_stays_whole()
    {
        await _workspace.BuildAsync(_workspace.Context("app", 16, "one"));
        var entries = _workspace.Files("cache");
        var precious = Directory.CreateDirectory(Path.Combine(_workspace.Builds.Root, "precious")).FullName;
        File.WriteAllText(Path.Combine(precious, "keep.txt"), "mine");
        var scratch = Path.Combine(_workspace.State, "builds", "0123456789abcdef");
        _mounted = Directory.CreateDirectory(Path.Combine(scratch, "stage-0", "step-1", "merged")).FullName;
        await ExternalTool.RunAsync("mount", "--bind", precious, _mounted);
        var container = Directory.CreateDirectory(Path.Combine(_workspace.State, "runc", "wharf-0123456789ab-1")).FullName;
        File.WriteAllText(Path.Combine(container, "state.json"), "{}");
        var halfWritten = Path.Combine(_workspace.State, "blobs", "sha256", ".tmp-0123");
        File.WriteAllText(halfWritten, "half");
        var halfCheckedOut = Directory.CreateDirectory(Path.Combine(_workspace.State, "git", "making", "0123")).FullName;
        var probe = Directory.CreateDirectory(Path.Combine(_workspace.State, "overlay-probe-0123", "lower")).FullName;

        var pruned = await BuilderState.PruneAsync(_workspace.State, StatePruneOptions.LeftoversOnly, PruneWorkspace.Ct);

        Assert.Empty(pruned.Failures);
        Assert.Equal(5, pruned.Removed[StateKind.Leftovers]);
        Assert.False(Directory.Exists(halfCheckedOut));
        Assert.False(Directory.Exists(probe));
        Assert.False(Directory.Exists(scratch));
        Assert.False(Directory.Exists(container));
        Assert.False(File.Exists(halfWritten));
        Assert.DoesNotContain(_mounted, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(precious, "keep.txt")));
        Assert.Equal(entries, _workspace.Files("cache"));
        var (_, log) = await _workspace.BuildAsync(_workspace.Context("app", 16, "one"));
        Assert.DoesNotContain("ran-one", log.Lines);
    }
}
