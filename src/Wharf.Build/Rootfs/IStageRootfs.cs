using Wharf.Build.Images;

namespace Wharf.Build.Rootfs;

/// <summary>The root filesystem a stage's steps run in. A step begins with the image's layers so far
/// (<see cref="BeginStepAsync"/> returns the writable root to run in or copy into), ends with what it changed
/// (<see cref="EndStepAsync"/>), and then either keeps the change as a layer or discards it. Two ways to do it:
/// <see cref="OverlayRootfs"/> (overlayfs: the change is the upper directory) and <see cref="CopiedRootfs"/> (a
/// plain directory tree, the change found by walking and comparing).</summary>
internal interface IStageRootfs : IAsyncDisposable
{
    Task<string> BeginStepAsync(IReadOnlyList<ImageLayer> layers, IReadOnlyList<MountPoint> mountPoints, CancellationToken ct);

    Task<StepChanges> EndStepAsync(CancellationToken ct);

    /// <summary>The change is the layer <paramref name="layer"/> (written from <see cref="StepChanges"/>).</summary>
    Task KeepStepAsync(ImageLayer layer, CancellationToken ct);

    /// <summary>The change made no layer, or the step failed.</summary>
    Task DiscardStepAsync(CancellationToken ct);
}
