using Wharf.Build.State;
using Wharf.Oci.Images;
using Wharf.Oci.Layout;

namespace Wharf.Build.Tests.State;

/// <summary>Base images are to a prune what pulled images are to docker's: kept unless <c>--all</c>. A plain prune takes
/// the build cache and leaves the base image's blobs and layers; <c>--all</c> takes them too, and the next build
/// fetches them again.</summary>
public sealed class BaseImageTests : IDisposable
{
    private readonly PruneWorkspace _workspace = new();
    private readonly PruneWorkspace _source = new();

    public void Dispose()
    {
        _workspace.Dispose();
        _source.Dispose();
    }

    [Fact]
    public async Task A_plain_prune_keeps_base_images_and_all_removes_them()
    {
        var layout = await BaseLayoutAsync();
        var context = _workspace.Builds.Context("app", $"FROM oci:{layout}:base\nRUN echo ran-app && echo app > /app\n");
        var (first, _) = await _workspace.BuildAsync(context);
        var usage = BuilderState.Measure(_workspace.State);
        var bases = Assert.Single(usage.Kinds, k => k.Kind == StateKind.BaseImages);
        Assert.Equal(0, bases.Reclaimable);
        Assert.True(bases.Size > 512 * 1024, $"base images: {bases.Size} bytes"); // busybox's layers, blobs and directories

        var plain = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions(), PruneWorkspace.Ct);

        Assert.False(plain.Removed.ContainsKey(StateKind.BaseImages));
        Assert.Single(_workspace.Files("bases"));
        Assert.Empty(_workspace.Files("cache"));
        Assert.Equal(bases.Size, Assert.Single(BuilderState.Measure(_workspace.State).Kinds, k => k.Kind == StateKind.BaseImages).Size);
        var (_, rebuilt) = await _workspace.BuildAsync(context);
        Assert.Contains("ran-app", rebuilt.Lines);

        var all = await BuilderState.PruneAsync(_workspace.State, new StatePruneOptions { All = true }, PruneWorkspace.Ct);

        Assert.Equal(6, all.Removed[StateKind.BaseImages]); // the record, its config blob, each of its 2 layers' blob and directory with listing
        Assert.Empty(_workspace.Files("bases"));
        Assert.Empty(_workspace.Files("blobs"));
        Assert.Equal(0, BuilderState.Measure(_workspace.State).Total);
        var (again, log) = await _workspace.BuildAsync(context);
        Assert.Contains("ran-app", log.Lines);
        Assert.Equal(first.ManifestDigest, again.ManifestDigest);
    }

    /// <summary>An OCI layout holding a busybox image, built by another workspace.</summary>
    private async Task<string> BaseLayoutAsync()
    {
        var (built, _) = await _source.Builds.BuildAsync(_source.Builds.Context("base", Building.BuildWorkspace.BusyboxStage));
        var layout = Path.Combine(_source.Builds.Root, "layout");
        await using var destination = await FileImageTransports.OpenDestinationAsync(ImageReference.Parse($"oci:{layout}:base"), CancellationToken.None);
        await new ImageCopier().CopyAsync(built.Image, destination, new CopyOptions(), CancellationToken.None);
        await built.Image.DisposeAsync();
        return layout;
    }
}
