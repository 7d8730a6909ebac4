using Wharf.Build.Layers;

namespace Wharf.Build.Cache;

/// <summary>The build cache as a step asks it: the local <see cref="BuildCache"/>, then the <c>--cache-from</c> caches
/// (whose entry then joins the local cache, where the builder shares imported entries), and the entry made fit for this build. A key leaves out the epoch and the
/// compression, so an entry whose layer was written at another epoch or compressed otherwise is re-encoded
/// (<see cref="BuildSession.ReencodeLayerAsync"/>) into exactly the layer a cold build here writes, and kept under
/// <see cref="CacheKey.Variant"/> for the next build like this one. Without re-dating, a build's digest would depend
/// on what its cache held: a RUN cached at last commit's epoch would keep that commit's times.</summary>
internal static class CachedLayers
{
    /// <summary>The entry for <paramref name="key"/> fit for this build; null when no cache has one that can be made fit
    /// (a layer of unknown times for a reproducible build, or one the re-dating cannot read): the step is run.</summary>
    public static async Task<CacheEntry?> FindAsync(BuildSession session, string key, CancellationToken ct)
    {
        if (session.Cache.Find(key) is { } local && await FitAsync(session, key, local, "cached", keep: true, ct) is { } fit)
        {
            return fit;
        }

        if (await session.ImportedCache.FindAsync(key, ct) is { } imported)
        {
            var shared = session.Options.ShareImportedCache;
            if (shared)
            {
                session.Cache.Put(key, imported);
            }

            return await FitAsync(session, key, imported, "cached (imported)", keep: shared, ct);
        }

        return null;
    }

    /// <param name="keep">Whether a re-encoded layer is kept in the local cache for later builds: not for an imported
    /// entry the builder does not share (<see cref="BuilderOptions.ShareImportedCache"/>).</param>
    private static async Task<CacheEntry?> FitAsync(BuildSession session, string key, CacheEntry entry, string found, bool keep, CancellationToken ct)
    {
        var mediaType = LayerWriter.MediaType(session.Request.Compression);
        if (entry.Layer is not { } layer || ((session.Epoch is null || entry.Epoch == session.Epoch) && layer.Blob.MediaType == mediaType))
        {
            session.Log.Line($" ---> {found}");
            return entry;
        }

        if (session.Epoch is not null && entry.Epoch is null)
        {
            return null; // written without an epoch: which of its times were "now" is unknown, so it cannot be re-dated
        }

        var variantKey = CacheKey.Variant(key, session.Epoch, mediaType);
        if (session.Cache.Find(variantKey) is { } variant)
        {
            session.Log.Line($" ---> {found}");
            return variant;
        }

        if (await session.ReencodeLayerAsync(layer, entry.Epoch, ct) is not { } reencoded)
        {
            return null;
        }

        var result = new CacheEntry(reencoded, session.Epoch ?? entry.Epoch);
        if (keep)
        {
            session.Cache.Put(variantKey, result);
        }

        session.Log.Line($" ---> {found}, layer re-encoded ({Describe(entry, result, layer.Blob.MediaType, mediaType)})");
        return result;
    }

    private static string Describe(CacheEntry from, CacheEntry to, string fromType, string toType) =>
        string.Join(", ", new[]
        {
            from.Epoch == to.Epoch ? null : $"times from epoch {from.Epoch} to {to.Epoch}",
            fromType == toType ? null : $"compression {fromType} to {toType}",
        }.OfType<string>());
}
