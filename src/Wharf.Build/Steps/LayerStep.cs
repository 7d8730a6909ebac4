using Wharf.Build.Images;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>The shape every step that changes files has (RUN, COPY, ADD, WORKDIR): begin on the image so far, make
/// the change, take what changed as the step's layer (none when nothing did), and leave no trace on failure.</summary>
internal static class LayerStep
{
    public static async Task<ImageState> RunAsync(
        ImageState state, IStageRootfs rootfs, BuildSession session, IReadOnlyList<MountPoint> mountPoints,
        Func<string, Task> change, HistoryEntry history, CancellationToken ct)
    {
        var root = await rootfs.BeginStepAsync(state.Layers, mountPoints, ct);
        try
        {
            await change(root);
            var changes = await rootfs.EndStepAsync(ct);
            var written = await session.WriteLayerAsync(changes, ct);
            if (written is not { } layer)
            {
                await rootfs.DiscardStepAsync(ct);
                return state.With(history);
            }

            await rootfs.KeepStepAsync(layer.Layer, ct);
            session.LayerWritten(history, layer.Written);
            return state.With(history, layer.Layer);
        }
        catch
        {
            await rootfs.DiscardStepAsync(CancellationToken.None);
            throw;
        }
    }
}
