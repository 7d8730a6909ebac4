using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>The upload staging half of <see cref="FileSystemBlobStore"/>: a part is a file of its own.</summary>
public sealed partial class FileSystemBlobStore
{
    private const FileOptions Streaming = FileOptions.Asynchronous | FileOptions.SequentialScan;

    public async Task<StagedPart> WritePartAsync(string uploadId, Stream data, CancellationToken ct)
    {
        var partId = UploadId.New();
        var path = PartPath(uploadId, partId);
        var file = CreatePart(path);
        try
        {
            await using (file)
            {
                await StagedCopy.CopyAsync(data, file, ct);
                return new StagedPart(partId, file.Length);
            }
        }
        catch
        {
            // A body cut short is no part at all: the upload's offset moves only by whole requests.
            DeleteIfPresent(path);
            throw;
        }
    }

    public Task DeletePartAsync(string uploadId, string partId, CancellationToken ct)
    {
        DeleteIfPresent(PartPath(uploadId, partId));
        try
        {
            // Nothing left: a writer that lost after its upload ended leaves no staging behind. (Not empty: kept.)
            Directory.Delete(UploadPath(uploadId));
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    public Task<Stream> OpenPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, CancellationToken ct) =>
        Task.FromResult<Stream>(Concatenate(uploadId, parts));

    public async Task CommitPartsAsync(string uploadId, IReadOnlyList<StagedPart> parts, Digest digest, CancellationToken ct)
    {
        var target = BlobPath(digest);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            var nonEmpty = parts.Where(p => p.Length > 0).ToList();
            if (nonEmpty.Count == 1)
            {
                // The common case (one PATCH, or a monolithic push): the part itself becomes the blob.
                var part = PartPath(uploadId, nonEmpty[0].Id);
                using (var handle = File.OpenHandle(part, FileMode.Open, FileAccess.ReadWrite))
                {
                    RandomAccess.FlushToDisk(handle);
                }

                File.Move(part, target, overwrite: true);
                return;
            }

            await ConcatenateIntoPlaceAsync(uploadId, parts, target, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or RegistryException { Code: OciErrorCode.BlobUploadUnknown })
        {
            // Another completer of the same upload got there first and its commit took the staging with it.
            if (!File.Exists(target))
            {
                throw StagingGone(uploadId);
            }
        }
    }

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct)
    {
        var path = UploadPath(uploadId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path); // staged by a Wharf before decision 009, as one file
                }
                else if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return Task.CompletedTask;
            }
            catch (DirectoryNotFoundException)
            {
                return Task.CompletedTask;
            }
            catch (IOException) when (attempt < 3)
            {
                // A slow writer created a part while the directory was being emptied: empty it again.
            }
        }
    }

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var entry in new DirectoryInfo(_uploadsRoot).EnumerateFileSystemInfos())
        {
            ct.ThrowIfCancellationRequested();
            if (UploadId.IsValid(entry.Name) && FindLastWrite(entry) is { } lastWrite)
            {
                yield return new StagedUpload(entry.Name, lastWrite);
            }
        }

        await Task.CompletedTask;
    }

    public Task<int> AbortStaleWritesAsync(DateTimeOffset startedBefore, CancellationToken ct) =>
        Task.FromResult(0); // every write here is a file under its upload's directory, removed with it

    private async Task ConcatenateIntoPlaceAsync(string uploadId, IReadOnlyList<StagedPart> parts, string target, CancellationToken ct)
    {
        if (parts.Count == 0)
        {
            Directory.CreateDirectory(UploadPath(uploadId)); // the empty blob needs no staging, only a place to write it
        }

        // Each committer writes its own temporary file, so two completing the same upload never write one file.
        var temporary = Path.Combine(UploadPath(uploadId), UploadId.New() + ".commit");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, Streaming))
            {
                await using var source = Concatenate(uploadId, parts);
                await StagedCopy.CopyAsync(source, file, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DeleteIfPresent(temporary);
            throw;
        }
    }

    private ConcatenatedStream Concatenate(string uploadId, IReadOnlyList<StagedPart> parts) =>
        new([.. parts.Select(part => new StreamSegment(_ => OpenPartAsync(uploadId, part.Id), part.Length))]);

    private Task<Stream> OpenPartAsync(string uploadId, string partId)
    {
        try
        {
            return Task.FromResult<Stream>(new FileStream(PartPath(uploadId, partId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, Streaming));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw StagingGone(uploadId);
        }
    }

    /// <summary>Opens a new part file; the upload's directory may vanish (a completion or a purge) between creating
    /// it and the file, so that is tried once more.</summary>
    private static FileStream CreatePart(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, Streaming);
            }
            catch (DirectoryNotFoundException) when (attempt == 0)
            {
            }
        }
    }

    /// <summary>When anything under a staging entry was last written; null when it vanished meanwhile.</summary>
    private static DateTimeOffset? FindLastWrite(FileSystemInfo entry)
    {
        try
        {
            var latest = entry.LastWriteTimeUtc;
            if (entry is DirectoryInfo directory)
            {
                foreach (var file in directory.EnumerateFiles())
                {
                    latest = file.LastWriteTimeUtc > latest ? file.LastWriteTimeUtc : latest;
                }
            }

            return entry.Exists ? new DateTimeOffset(latest, TimeSpan.Zero) : null;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return null;
        }
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
