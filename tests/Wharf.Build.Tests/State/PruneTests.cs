using Wharf.Build.State;

namespace Wharf.Build.Tests.State;

/// <summary>What a prune removes and what a rebuild then does: after <c>--all</c> every step runs again and the image is
/// the same; <c>until</c> keeps what was used since; <c>keep-storage</c> stops once the state is that small.</summary>
public sealed class PruneTests : IDisposable
{
    private readonly PruneWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task After_prune_all_a_rebuild_runs_every_step_again_and_gives_the_same_digest()
    {
        var context = _workspace.Context("app", 64, "one", "two");
        var (first, _) = await _workspace.BuildAsync(context);
        var (_, cached) = await _workspace.BuildAsync(context);
        Assert.DoesNotContain("ran-one", cached.Lines);

        var pruned = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct);

        Assert.False(pruned.Busy);
        Assert.Empty(pruned.Failures);
        Assert.True(pruned.Reclaimed > 128 * 1024, $"reclaimed {pruned.Reclaimed}");
        Assert.Empty(_workspace.Files("cache"));
        Assert.Empty(_workspace.Files("blobs"));
        Assert.Empty(_workspace.Files("layers"));
        Assert.Empty(_workspace.Files("listings"));
        Assert.Equal(0, BuilderState.Measure(_workspace.State).Total);
        var (second, log) = await _workspace.BuildAsync(context);
        Assert.Contains("ran-one", log.Lines);
        Assert.Contains("ran-two", log.Lines);
        Assert.DoesNotContain(" ---> cached", log.Lines);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
    }

    [Fact]
    public async Task Until_keeps_the_entries_used_since_and_removes_the_rest()
    {
        var app = _workspace.Context("app", 16, "one");
        var other = _workspace.Context("other", 16, "one", "extra");
        await _workspace.BuildAsync(app);
        await _workspace.BuildAsync(other);
        _workspace.AgeCacheEntries(TimeSpan.FromDays(2));
        await _workspace.BuildAsync(app); // uses its entries again today

        var pruned = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { Until = TimeSpan.FromHours(24) }, PruneWorkspace.Ct);

        Assert.Equal(3, pruned.Removed[StateKind.BuildCache]); // the entry of `RUN … extra`, its blob, its layer directory and listing
        Assert.Equal([StateKind.BuildCache], pruned.Removed.Keys); // the built images' configs and advice were made today
        var (_, again) = await _workspace.BuildAsync(app);
        Assert.DoesNotContain("ran-one", again.Lines); // still cached
        var (_, otherAgain) = await _workspace.BuildAsync(other);
        Assert.DoesNotContain("ran-one", otherAgain.Lines); // shared with app: kept
        Assert.Contains("ran-extra", otherAgain.Lines); // used two days ago only: pruned
    }

    [Fact]
    public async Task Keep_storage_removes_the_least_recently_used_until_the_state_is_that_small()
    {
        await _workspace.BuildAsync(_workspace.Context("a", 512, "a"));
        await _workspace.BuildAsync(_workspace.Context("b", 512, "b"));
        var newest = _workspace.Context("c", 512, "c");
        await _workspace.BuildAsync(newest);
        var before = BuilderState.Measure(_workspace.State).Total;
        Assert.Equal(before, BuilderState.SizeOf(_workspace.State));
        var keep = before - 1024 * 1024;

        var pruned = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { KeepStorage = keep }, PruneWorkspace.Ct);

        var after = BuilderState.Measure(_workspace.State).Total;
        Assert.True(after <= keep, $"{after} bytes left, more than {keep}");
        Assert.Equal(after, pruned.SizeAfter);
        Assert.True(after > keep / 2, $"{after} bytes left of {before}: it removed far more than it had to");
        var (_, log) = await _workspace.BuildAsync(newest);
        Assert.DoesNotContain("ran-c", log.Lines); // the most recently used stays
        var (_, oldest) = await _workspace.BuildAsync(_workspace.Context("a", 512, "a"));
        Assert.Contains("ran-a", oldest.Lines);
    }

    [Fact]
    public async Task Git_checkouts_go_with_a_plain_prune_unless_used_within_until()
    {
        var recent = Directory.CreateDirectory(Path.Combine(_workspace.State, "git", new string('a', 64))).FullName;
        var old = Directory.CreateDirectory(Path.Combine(_workspace.State, "git", new string('b', 64))).FullName;
        File.WriteAllText(Path.Combine(recent, "README"), "checked out today");
        File.WriteAllText(Path.Combine(old, "README"), "checked out three days ago");
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-3));

        var until = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { Until = TimeSpan.FromHours(24) }, PruneWorkspace.Ct);
        var plain = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions(), PruneWorkspace.Ct);

        Assert.Equal(1, until.Removed[StateKind.GitCheckouts]);
        Assert.Equal(1, plain.Removed[StateKind.GitCheckouts]);
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(recent));
    }
}
