using Wharf.Build.Images;
using Wharf.Build.Rootfs;

namespace Wharf.Build.Steps;

/// <summary>The shape every step that changes files has (RUN, COPY, ADD, WORKDIR): begin on the image so far, make
/// the change, take what changed as the step's layer (none when nothing did), and leave no trace on failure. A step whose cache key the build
/// cache holds — or, failing that, a <c>--cache-from</c> cache, whose entry then joins the local cache — is not run at
/// all: its recorded layer is taken as it is.</summary>
internal static class LayerStep
{
    public static async Task<ImageState> RunAsync(
        ImageState state, IStageRootfs rootfs, BuildSession session, IReadOnlyList<MountPoint> mountPoints,
        Func<string, Task> change, HistoryEntry history, string? cacheKey, CancellationToken ct)
    {
        if (cacheKey is not null && !session.Request.NoCache)
        {
            if (session.Cache.TryGet(cacheKey, out var cached))
            {
                session.Log.Line(" ---> cached");
                return Cached(state, history, session, cacheKey, cached);
            }

            if (await session.ImportedCache.FindAsync(cacheKey, ct) is { } imported)
            {
                session.Log.Line(" ---> cached (imported)");
                session.Cache.Put(cacheKey, imported.Layer);
                return Cached(state, history, session, cacheKey, imported.Layer);
            }
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
            return state.With(history, layer.Layer);
        }
        catch
        {
            await rootfs.DiscardStepAsync(CancellationToken.None);
            throw;
        }
    }

    private static ImageState Cached(ImageState state, HistoryEntry history, BuildSession session, string cacheKey, ImageLayer? layer)
    {
        session.CacheUse.Record(cacheKey, layer);
        return layer is null ? state.With(history) : state.With(history, layer);
    }

    private static void Remember(BuildSession session, string? cacheKey, ImageLayer? layer)
    {
        if (cacheKey is not null)
        {
            session.Cache.Put(cacheKey, layer);
            session.CacheUse.Record(cacheKey, layer);
        }
    }
}
