using Wharf.Build.Filesystem;
using Wharf.Build.Images;
using Wharf.Build.Native;
using Wharf.Build.Store;

namespace Wharf.Build.Rootfs;

/// <summary>Each step runs on an overlay mount: the image's layer directories as read-only lowers, a fresh upper
/// directory that receives everything the step changes, and, when the image lacks a mount point, an "init" lower
/// on top holding just the stubs (as docker's init layer does) so they never reach the upper. After the step the
/// upper directory is the layer's content as it is (whiteouts and opaque directories in overlayfs's own format) and
/// becomes a layer directory itself.</summary>
internal sealed class OverlayRootfs(LayerDirectories layers, string scratchDirectory) : IStageRootfs
{
    /// <summary>overlayfs features that change what an upper directory looks like; off, so an upper is always a
    /// plain tree (a renamed lower directory is copied up whole, as docker's overlay2 driver has it).</summary>
    private const string PlainUpperOptions = "index=off,redirect_dir=off,metacopy=off";

    private int _steps;
    private string? _step;
    private string? _merged;

    public async Task<string> BeginStepAsync(IReadOnlyList<ImageLayer> imageLayers, IReadOnlyList<MountPoint> mountPoints, CancellationToken ct)
    {
        var step = Path.Combine(scratchDirectory, $"step-{++_steps}");
        Directory.CreateDirectory(step);
        _step = step;

        // Short names for the lowers (links to the layer directories): a mount's options are limited to a page.
        var links = Directory.CreateDirectory(Path.Combine(step, "l")).FullName;
        var lowers = new List<string>();
        for (var i = imageLayers.Count - 1; i >= 0; i--)
        {
            var link = Path.Combine(links, lowers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.CreateSymbolicLink(link, await layers.EnsureAsync(imageLayers[i], ct));
            lowers.Add(link);
        }

        if (lowers.Count == 0)
        {
            lowers.Add(Directory.CreateDirectory(Path.Combine(step, "empty")).FullName); // FROM scratch: overlayfs needs a lower
        }

        var merged = Directory.CreateDirectory(Path.Combine(step, "merged")).FullName;
        if (mountPoints.Count > 0)
        {
            var init = Directory.CreateDirectory(Path.Combine(step, "init")).FullName;
            var initWork = Directory.CreateDirectory(Path.Combine(step, "init-work")).FullName;
            LinuxMounts.MountOverlay(merged, Options(lowers, init, initWork));
            try
            {
                MountPointStubs.Create(merged, mountPoints);
            }
            finally
            {
                LinuxMounts.Unmount(merged);
            }

            lowers.Insert(0, init);
        }

        var upper = Directory.CreateDirectory(Path.Combine(step, "upper")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(step, "work")).FullName;
        LinuxMounts.MountOverlay(merged, Options(lowers, upper, work));
        _merged = merged;
        return merged;
    }

    public Task<StepChanges> EndStepAsync(CancellationToken ct)
    {
        UnmountStep();
        var upper = Path.Combine(_step ?? throw new InvalidOperationException("no step has begun"), "upper");
        return Task.FromResult(new StepChanges(OverlayUpperDiff.Read(upper), upper));
    }

    public Task KeepStepAsync(ImageLayer layer, CancellationToken ct)
    {
        var step = _step ?? throw new InvalidOperationException("no step has begun");
        layers.Adopt(Path.Combine(step, "upper"), layer.DiffId);
        return DiscardStepAsync(ct);
    }

    public Task DiscardStepAsync(CancellationToken ct)
    {
        UnmountStep();
        if (_step is { } step && Directory.Exists(step))
        {
            Directory.Delete(step, recursive: true);
        }

        _step = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await DiscardStepAsync(CancellationToken.None);

    private void UnmountStep()
    {
        if (_merged is { } merged)
        {
            _merged = null;
            LinuxMounts.Unmount(merged);
        }
    }

    private static string Options(IEnumerable<string> lowers, string upper, string work) =>
        $"lowerdir={string.Join(':', lowers)},upperdir={upper},workdir={work},{PlainUpperOptions}";
}
