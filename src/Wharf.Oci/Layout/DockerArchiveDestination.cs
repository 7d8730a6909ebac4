using System.Collections.Concurrent;
using System.IO.Compression;
using Wharf.Oci.Errors;
using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Writes one image as a <c>docker save</c> archive that <c>docker load</c> and skopeo read
/// (<c>docker-archive:FILE[:REPO:TAG]</c>). Blobs are verified and staged in a scratch directory next to FILE, layers
/// decompressed on the way in (docker archives hold uncompressed layer tars); <see cref="CommitAsync"/> checks each
/// layer against the config's <c>rootfs.diff_ids</c>, then writes the tar (to a scratch file renamed over FILE) with
/// <c>&lt;config hex&gt;.json</c>, <c>&lt;diff id hex&gt;/layer.tar</c>, <c>manifest.json</c> and, when tagged, the legacy
/// <c>repositories</c> file. The staging directory goes at dispose.</summary>
public sealed class DockerArchiveDestination : IImageDestination
{
    private readonly string _archive;
    private readonly string _staging;
    private readonly (string Repository, string Tag)? _name;
    private readonly ConcurrentDictionary<Digest, StagedBlob> _staged = new();
    private ManifestContent? _root;

    private DockerArchiveDestination(ImageReference reference, string archive, string staging, (string, string)? name)
    {
        Reference = reference;
        _archive = archive;
        _staging = staging;
        _name = name;
    }

    public ImageReference Reference { get; }

    /// <summary>False: a docker archive holds a single image (the copier picks one platform of an index).</summary>
    public bool CanStoreIndex => false;

    /// <summary>Opens <c>docker-archive:FILE[:REPO:TAG]</c> for writing; <see cref="FormatException"/> when the tag is
    /// not a REPO[:TAG] reference (a missing tag is <c>latest</c>, as docker has it).</summary>
    public static Task<DockerArchiveDestination> OpenAsync(ImageReference reference, CancellationToken ct)
    {
        if (reference.Transport != ImageTransport.DockerArchive)
        {
            throw new ArgumentException($"{reference} is not a docker-archive: reference", nameof(reference));
        }

        (string, string)? name = reference.Tag is { } tag ? DockerArchiveTag.ForWriting(reference, tag) : null;
        var archive = ArchivePath.ForWriting(reference);
        var staging = ArchivePath.Scratch(archive, "staging");
        Directory.CreateDirectory(staging);
        return Task.FromResult(new DockerArchiveDestination(reference, archive, staging, name));
    }

    public Task<BlobReuse> TryReuseBlobAsync(Descriptor blob, IImageSource source, CancellationToken ct) =>
        Task.FromResult(_staged.ContainsKey(blob.Digest) ? BlobReuse.Exists : BlobReuse.None);

    /// <summary>Stages the blob, decompressing a gzip layer and hashing what is stored (a layer's diff ID).
    /// <see cref="NotSupportedException"/> for zstd layers; DIGEST_INVALID when the blob is not what it claims.</summary>
    public async Task PutBlobAsync(Descriptor blob, IImageSource source, IProgress<long>? progress, CancellationToken ct)
    {
        if (_staged.ContainsKey(blob.Digest))
        {
            return;
        }

        var gzip = blob.MediaType.EndsWith("+gzip", StringComparison.Ordinal) || blob.MediaType.EndsWith(".gzip", StringComparison.Ordinal);
        if (blob.MediaType.EndsWith("+zstd", StringComparison.Ordinal) || blob.MediaType.EndsWith(".zstd", StringComparison.Ordinal))
        {
            throw new NotSupportedException(
                $"{Reference}: layer {blob.Digest} is zstd-compressed ({blob.MediaType}); writing zstd layers to a docker archive is not supported yet (copy to oci: or a registry instead)");
        }

        var target = Path.Combine(_staging, blob.Digest.Hex);
        using var hash = Digest.CreateHasher(Digest.Sha256);
        await AtomicFile.WriteAsync(target + $".{Guid.NewGuid():N}.tmp", target, async file =>
        {
            await using var verified = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob);
            await using var gunzip = gzip ? new GZipStream(verified, CompressionMode.Decompress, leaveOpen: true) : null;
            var content = gunzip ?? (Stream)verified;
            try
            {
                await AtomicFile.CopyAsync(new HashingReadStream(content, hash), file, _ => progress?.Report(verified.BytesRead), ct);
            }
            catch (InvalidDataException e) when (gzip)
            {
                // Corrupt gzip is most often a corrupt download: reading to the end reports that as DIGEST_INVALID.
                await verified.CopyToAsync(Stream.Null, ct);
                throw new InvalidDataException($"{Reference}: layer {blob.Digest} is not valid gzip: {e.Message}", e);
            }

            // The gzip stream may stop at the end of its data; the rest (if any) must still be read for the digest check.
            await verified.CopyToAsync(Stream.Null, ct);
        }, ct);
        _staged[blob.Digest] = new StagedBlob(target, Digest.FromHash(Digest.Sha256, hash.GetCurrentHash()));
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
        var configFile = Staged(configDescriptor).Path;
        if (new FileInfo(configFile).Length > DockerImageConfig.MaxBytes)
        {
            throw new InvalidDataException($"{Reference}: config {configDescriptor.Digest} is larger than {DockerImageConfig.MaxBytes} bytes");
        }

        var config = await File.ReadAllBytesAsync(configFile, ct);
        var diffIds = DockerImageConfig.ReadDiffIds(config, $"config {configDescriptor.Digest}");
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new RegistryException(OciErrorCode.ManifestInvalid,
                $"manifest {root.Digest} has {manifest.Layers.Count} layers but its config lists {diffIds.Count} rootfs.diff_ids");
        }

        var layers = manifest.Layers.Select((layer, i) => Staged(layer) is var staged && staged.DiffId == diffIds[i]
            ? (DiffId: diffIds[i], staged.Path)
            : throw new RegistryException(OciErrorCode.DigestInvalid,
                $"layer {i} ({layer.Digest}) uncompresses to {staged.DiffId}, but the config's rootfs.diff_ids[{i}] is {diffIds[i]}")).ToList();

        await using var tar = TarFileWriter.Create(_archive);
        foreach (var (diffId, path) in layers.DistinctBy(l => l.DiffId))
        {
            await tar.AddDirectoryAsync(diffId.Hex, ct);
            await tar.AddFileAsync($"{diffId.Hex}/layer.tar", path, ct);
        }

        var configName = $"{configDescriptor.Digest.Hex}.json";
        await tar.AddBytesAsync(configName, config, ct);
        string[] repoTags = _name is { } name ? [$"{name.Repository}:{name.Tag}"] : [];
        var entry = new DockerArchiveEntry(configName, repoTags, [.. layers.Select(l => $"{l.DiffId.Hex}/layer.tar")]);
        await tar.AddBytesAsync(DockerArchiveEntry.FileName, DockerArchiveEntry.Write(entry), ct);
        if (_name is { } tagged && layers.Count > 0)
        {
            // The pre-1.10 format docker still writes: repository → tag → the top layer's directory.
            var repositories = new Dictionary<string, Dictionary<string, string>> { [tagged.Repository] = new() { [tagged.Tag] = layers[^1].DiffId.Hex } };
            await tar.AddBytesAsync("repositories", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(repositories), ct);
        }

        await tar.CommitAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        AtomicFile.DeleteDirectoryQuietly(_staging);
        return ValueTask.CompletedTask;
    }

    private StagedBlob Staged(Descriptor blob) => _staged.TryGetValue(blob.Digest, out var staged)
        ? staged
        : throw new InvalidOperationException($"{Reference}: blob {blob.Digest} was not written before the commit");

    /// <summary>A staged blob: its file (decompressed, for a gzip layer) and the sha256 of that file.</summary>
    private sealed record StagedBlob(string Path, Digest DiffId);
}
