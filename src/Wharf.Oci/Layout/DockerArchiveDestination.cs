using System.Collections.Concurrent;
using System.IO.Compression;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Writes one image as a <c>docker save</c> archive that <c>docker load</c> and skopeo read
/// (<c>docker-archive:FILE[:REPO:TAG]</c>). Every blob streams straight into the archive (a scratch file next to FILE)
/// as it arrives, verified, a gzip layer decompressed on the way (docker archives hold uncompressed layer tars): each
/// byte is written once. Blobs go in one at a time, in the order their puts began (the copier's manifest order), so
/// the same image gives the same bytes. An entry is named at <see cref="CommitAsync"/>, once the root manifest says
/// what it is, after each layer is checked against the config's <c>rootfs.diff_ids</c>: <c>&lt;config hex&gt;.json</c>,
/// <c>&lt;diff id hex&gt;/layer.tar</c>; then <c>manifest.json</c> and, when tagged, the legacy <c>repositories</c> file
/// close the archive, which is renamed over FILE. A failure leaves nothing: the scratch file goes at dispose.</summary>
public sealed class DockerArchiveDestination : IImageDestination
{
    private const int InputBufferSize = 1024 * 1024;

    private readonly (string Repository, string Tag)? _name;
    private readonly OnePassTarFile _tar;
    private readonly ConcurrentDictionary<Digest, WrittenBlob> _blobs = new();

    /// <summary>Entries by the sha256 of what they hold (a layer's diff ID), so equal content is stored once. Used by
    /// the writer holding the turn only.</summary>
    private readonly Dictionary<Digest, TarEntrySlot> _entries = [];

    private readonly TurnQueue _turns = new();
    private ManifestContent? _root;

    private DockerArchiveDestination(ImageReference reference, OnePassTarFile tar, (string, string)? name)
    {
        Reference = reference;
        _tar = tar;
        _name = name;
    }

    public ImageReference Reference { get; }

    /// <summary>False: a docker archive holds a single image (the copier picks one platform of an index).</summary>
    public bool CanStoreIndex => false;

    /// <summary>Null: the archive keeps no manifest (manifest.json is made from the image's), so any image manifest will do.</summary>
    public IReadOnlySet<string>? ManifestMediaTypes => null;

    /// <summary>Opens <c>docker-archive:FILE[:REPO:TAG]</c> for writing; <see cref="FormatException"/> when the tag is
    /// not a REPO[:TAG] reference (a missing tag is <c>latest</c>, as docker has it).</summary>
    public static Task<DockerArchiveDestination> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.DockerArchive)
        {
            throw new ArgumentException($"{reference} is not a docker-archive: reference", nameof(reference));
        }

        (string, string)? name = reference.Tag is { } tag ? DockerArchiveTag.ForWriting(reference, tag) : null;
        return Task.FromResult(new DockerArchiveDestination(reference, OnePassTarFile.Create(ArchivePath.ForWriting(reference)), name));
    }

    public Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        Task.FromResult(_blobs.ContainsKey(blob.Digest) ? BlobReuse.Exists : BlobReuse.None);

    /// <summary>Appends the blob to the archive, decompressing a gzip layer and hashing what is stored (a layer's diff
    /// ID). <see cref="NotSupportedException"/> for zstd layers; DIGEST_INVALID when the blob is not what it claims,
    /// and then the archive is cut back to where the blob began.</summary>
    public async Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        if (_blobs.ContainsKey(blob.Digest))
        {
            return;
        }

        var gzip = blob.MediaType.EndsWith("+gzip", StringComparison.Ordinal) || blob.MediaType.EndsWith(".gzip", StringComparison.Ordinal);
        if (blob.MediaType.EndsWith("+zstd", StringComparison.Ordinal) || blob.MediaType.EndsWith(".zstd", StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"{Reference}: layer {blob.Digest} is zstd-compressed ({blob.MediaType}); writing zstd layers to a docker archive is not supported yet (copy to oci: or a registry instead)");
        }

        // The archive is appended to, so blobs take turns, in the order their puts began.
        using (await _turns.TakeTurnAsync())
        {
            if (!_blobs.ContainsKey(blob.Digest))
            {
                _blobs[blob.Digest] = await WriteAsync(blob, gzip, source, progress, ct);
            }
        }
    }

    /// <summary>Keeps the root image manifest; <see cref="NotSupportedException"/> for an index (the copier picks a
    /// platform first, since <see cref="CanStoreIndex"/> is false). Other manifests have no place in the archive.</summary>
    public Task PutManifestAsync(ManifestContent manifest, bool isRoot, CancellationToken ct)
    {
        if (isRoot)
        {
            _root = MediaTypes.IsImageManifest(manifest.MediaType) && !manifest.Parse().IsIndex
                ? manifest
                : throw new NotSupportedException($"{Reference}: a docker archive holds one image, not {manifest.MediaType}; pick a platform");
        }

        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        var root = _root ?? throw new InvalidOperationException($"{Reference}: commit before the root manifest was written");
        var manifest = root.Parse();
        var configDescriptor = manifest.Config!;
        var configSlot = Written(configDescriptor).Slot;
        if (configSlot.Size > DockerImageConfig.MaxBytes)
        {
            throw new InvalidDataException($"{Reference}: config {configDescriptor.Digest} is larger than {DockerImageConfig.MaxBytes} bytes");
        }

        var config = await _tar.ReadAsync(configSlot, ct);
        var diffIds = DockerImageConfig.ReadDiffIds(config, $"config {configDescriptor.Digest}");
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid,
                $"manifest {root.Digest} has {manifest.Layers.Count} layers but its config lists {diffIds.Count} rootfs.diff_ids");
        }

        var layers = manifest.Layers.Select((layer, i) => Written(layer) is var written && written.Stored == diffIds[i]
            ? (DiffId: diffIds[i], written.Slot)
            : throw new RegistryException(OciErrorCode.DigestInvalid,
                $"layer {i} ({layer.Digest}) uncompresses to {written.Stored}, but the config's rootfs.diff_ids[{i}] is {diffIds[i]}")).ToList();

        // Every entry gets its header now that its role is known; one the manifest does not name (the copier writes
        // none) keeps a content-addressed name, as docker 25 names everything.
        var configName = $"{configDescriptor.Digest.Hex}.json";
        var names = layers.DistinctBy(l => l.Slot).ToDictionary(l => l.Slot, l => $"{l.DiffId.Hex}/layer.tar");
        if (!names.TryAdd(configSlot, configName))
        {
            throw new InvalidDataException($"{Reference}: config {configDescriptor.Digest} is also one of the image's layers");
        }

        foreach (var (stored, slot) in _entries)
        {
            names.TryAdd(slot, $"blobs/{stored.Algorithm}/{stored.Hex}");
        }

        foreach (var (slot, name) in names)
        {
            await _tar.WriteHeaderAsync(slot, name, ct);
        }

        string[] repoTags = _name is { } named ? [$"{named.Repository}:{named.Tag}"] : [];
        var entry = new DockerArchiveEntry(configName, repoTags, [.. layers.Select(l => $"{l.DiffId.Hex}/layer.tar")]);
        await _tar.AddBytesAsync(DockerArchiveEntry.FileName, DockerArchiveEntry.Write(entry), ct);
        if (_name is { } tagged && layers.Count > 0)
        {
            // The pre-1.10 format docker still writes: repository → tag → the top layer's directory.
            var repositories = new System.Text.Json.Nodes.JsonObject { [tagged.Repository] = new System.Text.Json.Nodes.JsonObject { [tagged.Tag] = layers[^1].DiffId.Hex } };
            await _tar.AddBytesAsync("repositories", System.Text.Encoding.UTF8.GetBytes(repositories.ToJsonString()), ct);
        }

        await _tar.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => _tar.DisposeAsync();

    /// <summary>Streams one blob into a new entry: verified, decompressed when gzip, hashed as stored. Content already
    /// in the archive (another compression of the same layer) is not stored twice: the new entry is discarded.</summary>
    private async Task<WrittenBlob> WriteAsync(Descriptor blob, bool gzip, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        using var entry = _tar.BeginEntry();
        using var hash = Digest.CreateHasher(Digest.Sha256);
        await using var verified = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob);

        // GZipStream reads its input 8 KiB at a time: buffered below it, the network is read in large pieces.
        await using var input = new BufferedStream(verified, InputBufferSize);
        await using (var gunzip = gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : null)
        {
            try
            {
                await entry.CopyFromAsync(gunzip ?? (Stream)input, hash, () => progress?.Report(verified.BytesRead), ct);
            }
            catch (InvalidDataException e) when (gzip)
            {
                // Corrupt gzip is most often a corrupt download: reading to the end reports that as DIGEST_INVALID.
                await verified.CopyToAsync(Stream.Null, ct);
                throw new InvalidDataException($"{Reference}: layer {blob.Digest} is not valid gzip: {e.Message}", e);
            }
        }

        // The gzip stream may stop at the end of its data; the rest (if any) must still be read for the digest check.
        await verified.CopyToAsync(Stream.Null, ct);
        var stored = Digest.FromHash(Digest.Sha256, hash.GetCurrentHash());
        if (_entries.TryGetValue(stored, out var same))
        {
            return new WrittenBlob(same, stored);
        }

        var slot = await entry.CompleteAsync(ct);
        _entries[stored] = slot;
        return new WrittenBlob(slot, stored);
    }

    private WrittenBlob Written(Descriptor blob) => _blobs.TryGetValue(blob.Digest, out var written)
        ? written
        : throw new InvalidOperationException($"{Reference}: blob {blob.Digest} was not written before the commit");

    /// <summary>A blob in the archive: its entry, and the sha256 of what the entry holds (decompressed, for a gzip layer).</summary>
    private sealed record WrittenBlob(TarEntrySlot Slot, Digest Stored);
}
