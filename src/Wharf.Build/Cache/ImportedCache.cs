using System.Security.Cryptography;
using Wharf.Build.Layers;
using Wharf.Build.Store;
using Wharf.Oci;
using Wharf.Oci.Client;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Build.Cache;

/// <summary>The entries of a build's <c>--cache-from</c> caches, asked when the local <see cref="BuildCache"/> lacks a
/// key. Each ref's manifest and config are read once, at the start; a layer only when its entry is hit, into the
/// <see cref="BlobCache"/>, where it then serves exactly as a layer this machine wrote. A ref that is missing,
/// unreadable or not a Wharf build cache, and a layer that cannot be fetched, are warnings in the build log and
/// never a failure (as buildx treats <c>--cache-from</c>): the step is simply run.</summary>
internal sealed class ImportedCache : IAsyncDisposable
{
    private readonly Dictionary<string, (CacheConfigLayer? Layer, long? Epoch, IImageSource Source)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheEntry?> _resolved = new(StringComparer.Ordinal);
    private readonly List<IImageSource> _sources = [];
    private readonly BlobCache _blobs;
    private readonly bool _confirmCached;
    private readonly IBuildLog _log;

    private ImportedCache(BlobCache blobs, bool confirmCached, IBuildLog log)
    {
        _blobs = blobs;
        _confirmCached = confirmCached;
        _log = log;
    }

    public static ImportedCache None(BlobCache blobs, IBuildLog log) => new(blobs, false, log);

    /// <summary>Reads the caches <paramref name="references"/> name, in order: of two with the same key the first wins.
    /// <paramref name="confirmCached"/> is <see cref="BuilderOptions.ConfirmCachedBlobs"/>: a layer the store has already
    /// is used only once the cache's repository has shown it has it too.</summary>
    public static async Task<ImportedCache> LoadAsync(
        IReadOnlyList<ImageReference> references, IBuildCacheStore? store, BlobCache blobs, bool confirmCached, IBuildLog log, CancellationToken ct)
    {
        var imported = new ImportedCache(blobs, confirmCached, log);
        if (references.Count > 0 && store is null)
        {
            log.Line("warning: --cache-from: this builder reaches no registry cache; building without it");
            return imported;
        }

        foreach (var reference in references)
        {
            await imported.AddAsync(reference, store!, ct);
        }

        return imported;
    }

    /// <summary>The imported entry for <paramref name="key"/> with its layer in the blob cache (digest and diffID
    /// verified); null when no imported cache has the key or its layer could not be fetched. A key's layer is fetched
    /// and verified once: asked again (a builder that keeps imported entries out of its local cache,
    /// <see cref="BuilderOptions.ShareImportedCache"/>, may be asked for one key by two stages), the answer is the
    /// first one, and a failed fetch is not tried again.</summary>
    public async Task<CacheEntry?> FindAsync(string key, CancellationToken ct)
    {
        if (_resolved.TryGetValue(key, out var earlier))
        {
            return earlier;
        }

        if (!_entries.Remove(key, out var found))
        {
            return null;
        }

        var entry = await FetchAsync(found, ct);
        _resolved[key] = entry;
        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    private async Task<CacheEntry?> FetchAsync((CacheConfigLayer? Layer, long? Epoch, IImageSource Source) found, CancellationToken ct)
    {

        if (found.Layer is not { } layer)
        {
            return new CacheEntry(null);
        }

        try
        {
            if (_confirmCached && _blobs.Contains(layer.Digest))
            {
                // As BaseImageResolver: throws as a fetch would when the repository lacks the blob; the byte is not read.
                await using var probe = await found.Source.OpenBlobAsync(layer.Descriptor, Math.Max(0, layer.Size - 1), ct);
            }

            await _blobs.EnsureAsync(found.Source, layer.Descriptor, ct);
            await VerifyDiffIdAsync(layer, ct);
            return new CacheEntry(layer.ToLayer(), found.Epoch);
        }
        catch (Exception e) when (IsUnavailable(e, ct))
        {
            _log.Line($"warning: --cache-from {found.Source.Reference}: layer {layer.Digest}: {Describe(e, found.Source.Reference)}; running the step");
            return null;
        }
    }

    private async Task AddAsync(ImageReference reference, IBuildCacheStore store, CancellationToken ct)
    {
        IImageSource? source = null;
        try
        {
            source = await store.OpenSourceAsync(reference, ct);
            var entries = await CacheManifest.ReadAsync(source, await source.GetManifestAsync(ct), ct);
            var kept = source;
            var added = entries.Count(e => _entries.TryAdd(e.Key, (e.Layer, e.Epoch, kept)));
            _sources.Add(source);
            source = null;
            _log.Line($"cache: {added} entries from {reference}");
        }
        catch (Exception e) when (IsUnavailable(e, ct))
        {
            _log.Line($"warning: --cache-from {reference}: {Describe(e, reference)}; building without it");
        }
        finally
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }
        }
    }

    /// <summary>An image config names a layer by its diffID, and the cache's word for it is only a claim: it is checked
    /// (as docker checks a pulled layer) so that a wrong entry can never make an image whose config lies about its layers.</summary>
    private async Task VerifyDiffIdAsync(CacheConfigLayer layer, CancellationToken ct)
    {
        await using var blob = _blobs.Open(layer.Digest);
        await using var tar = await LayerDecompression.OpenAsync(blob, ct);
        var diffId = Digest.FromHash(Digest.Sha256, await SHA256.HashDataAsync(tar, ct));
        if (diffId != layer.DiffId)
        {
            throw new InvalidDataException($"its content's diffID is {diffId}, not the {layer.DiffId} the cache records");
        }
    }

    /// <summary>What makes a cache unusable rather than the build wrong: absence, refusal, the network, bad content,
    /// a timeout (an HTTP timeout is a cancellation the build did not ask for).</summary>
    private static bool IsUnavailable(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        ImageNotFoundException or RegistryException or RegistryUnreachableException or HttpRequestException
            or InvalidDataException or IOException or FormatException or NotSupportedException => true,
        _ => false,
    };

    /// <summary>One line, without the reference a source's own messages begin with (the warning names it already).</summary>
    private static string Describe(Exception e, ImageReference reference)
    {
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var prefix = $"{reference}: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
