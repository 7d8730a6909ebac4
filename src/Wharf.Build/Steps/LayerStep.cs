using Wharf.Build.Cache;
using Wharf.Build.Images;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>The shape every step that changes files has (RUN, COPY, ADD, WORKDIR): begin on the image so far, make
/// the change, take what changed as the step's layer (none when nothing did), and leave no trace on failure. A step whose cache key the build
/// cache holds — or, failing that, a <c>--cache-from</c> cache — is not run at all: its recorded layer is taken, re-dated
/// to this build's epoch when it was written at another (<see cref="CachedLayers"/>).</summary>
internal static class LayerStep
{
    public static async Task<ImageState> RunAsync(
        ImageState state, IStageRootfs rootfs, BuildSession session, IReadOnlyList<MountPoint> mountPoints,
        Func<string, Task> change, HistoryEntry history, string? cacheKey, CancellationToken ct)
    {
        if (cacheKey is not null && !session.Request.NoCache && await CachedLayers.FindAsync(session, cacheKey, ct) is { } cached)
        {
            session.CacheUse.Record(cacheKey, cached);
            return state.With(history, cached.Layer, cacheKey);
        }

        var root = await rootfs.BeginStepAsync(state.Layers, mountPoints, ct);
        try
        {
            await change(root);
            var changes = await rootfs.EndStepAsync(ct);
            var written = await session.WriteLayerAsync(changes, ct);
            if (written is not { } layer)
            {
                await rootfs.DiscardStepAsync(ct);
                Remember(session, cacheKey, null);
                return state.With(history);
            }

            await rootfs.KeepStepAsync(layer.Layer, ct);
            Remember(session, cacheKey, layer.Layer);
            session.Listings.Put(layer.Written); // what the layer holds, for the advice after the build
            return state.With(history, layer.Layer, cacheKey);
        }
        catch
        {
            await rootfs.DiscardStepAsync(CancellationToken.None);
            throw;
        }
    }

    private static void Remember(BuildSession session, string? cacheKey, ImageLayer? layer)
    {
        if (cacheKey is not null)
        {
            var entry = new CacheEntry(layer, session.Epoch);
            session.Cache.Put(cacheKey, entry);
            session.CacheUse.Record(cacheKey, entry);
        }
    }
}
