using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>Blobs on a local (or shared POSIX) filesystem.
/// <code>
/// &lt;root&gt;/blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   the blob's bytes, immutable once renamed into place
/// &lt;root&gt;/uploads/&lt;upload id&gt;                 the staged bytes of an upload in progress
/// </code>
/// A blob appears only by an atomic rename of an fsync'd staging file, so a crash at any point leaves
/// either no blob or the whole blob, never a partial one.</summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WriterPoll = TimeSpan.FromMilliseconds(20);
    private readonly string _blobsRoot;
    private readonly string _uploadsRoot;

    public FileSystemBlobStore(string root)
    {
        _blobsRoot = Path.Combine(root, "blobs");
        _uploadsRoot = Path.Combine(root, "uploads");
        Directory.CreateDirectory(_blobsRoot);
        Directory.CreateDirectory(_uploadsRoot);
    }

    public Task<long?> StatAsync(Digest digest, CancellationToken ct)
    {
        var info = new FileInfo(BlobPath(digest));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<Stream?> OpenReadAsync(Digest digest, long offset, CancellationToken ct)
    {
        try
        {
            var stream = new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            stream.Seek(offset, SeekOrigin.Begin);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<Uri?> FindDownloadUrlAsync(Digest digest, CancellationToken ct) => Task.FromResult<Uri?>(null);

    public Task<bool> DeleteAsync(Digest digest, CancellationToken ct)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<Digest> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var algorithmDir in Directory.EnumerateDirectories(_blobsRoot))
        {
            var algorithm = Path.GetFileName(algorithmDir);
            foreach (var file in Directory.EnumerateFiles(algorithmDir, "*", SearchOption.AllDirectories))
            {
                ct.ThrowIfCancellationRequested();
                if (Digest.TryParse($"{algorithm}:{Path.GetFileName(file)}", out var digest))
                {
                    yield return digest;
                }
            }
        }

        await Task.CompletedTask;
    }

    public async Task<long> AppendUploadAsync(string uploadId, long expectedOffset, Stream data, CancellationToken ct)
    {
        // FileShare.None: a second append to the same upload at the same time waits, then is refused, never interleaved.
        var file = await OpenStagedAsync(uploadId, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, ct)
            ?? throw new RegistryException(OciErrorCode.BlobUploadUnknown);
        await using (file)
        {
            if (file.Length != expectedOffset)
            {
                throw new RegistryException(OciErrorCode.RangeInvalid, $"upload is at offset {file.Length}, not {expectedOffset}");
            }

            file.Seek(0, SeekOrigin.End);
            await StagedCopy.CopyAsync(data, file, ct);
            return file.Length;
        }
    }

    public async Task<long> GetUploadSizeAsync(string uploadId, CancellationToken ct)
    {
        // Opening shared waits for a writer still finishing (say, a request whose client just went away), so the
        // size reported is final, not a moment in the middle of an append.
        await using var file = await OpenStagedAsync(uploadId, FileMode.Open, FileAccess.Read, FileShare.Read, ct);
        return file?.Length ?? 0L;
    }

    public async Task<Stream> OpenUploadAsync(string uploadId, CancellationToken ct) =>
        await OpenStagedAsync(uploadId, FileMode.Open, FileAccess.Read, FileShare.Read, ct) ?? Stream.Null;

    /// <summary>Opens a staging file, waiting up to <see cref="WriterWait"/> while another request holds it for
    /// writing; null when it does not exist (and <paramref name="mode"/> does not create it).</summary>
    private async Task<FileStream?> OpenStagedAsync(string uploadId, FileMode mode, FileAccess access, FileShare share, CancellationToken ct)
    {
        var path = UploadPath(uploadId);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new FileStream(path, mode, access, share, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (waited < WriterWait)
            {
                await Task.Delay(WriterPoll, ct);
                waited += WriterPoll;
            }
            catch (IOException)
            {
                throw new RegistryException(OciErrorCode.BlobUploadInvalid, "another request is writing to this upload");
            }
        }
    }

    public Task CommitUploadAsync(string uploadId, Digest digest, CancellationToken ct)
    {
        var staged = UploadPath(uploadId);
        var target = BlobPath(digest);
        if (File.Exists(target))
        {
            File.Delete(staged);
            return Task.CompletedTask;
        }

        if (!File.Exists(staged))
        {
            // An empty upload never created a staging file: the empty blob is still a blob.
            using (File.Create(staged))
            {
            }
        }

        using (var handle = File.OpenHandle(staged, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task DeleteUploadAsync(string uploadId, CancellationToken ct)
    {
        File.Delete(UploadPath(uploadId));
        return Task.CompletedTask;
    }

    public Task<TimeSpan> GetUploadAgeAsync(string uploadId, CancellationToken ct)
    {
        var info = new FileInfo(UploadPath(uploadId));
        return Task.FromResult(info.Exists ? DateTime.UtcNow - info.LastWriteTimeUtc : TimeSpan.Zero);
    }

    public async IAsyncEnumerable<string> ListUploadsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(_uploadsRoot))
        {
            ct.ThrowIfCancellationRequested();
            var id = Path.GetFileName(file);
            if (UploadId.IsValid(id))
            {
                yield return id;
            }
        }

        await Task.CompletedTask;
    }

    private string BlobPath(Digest digest) => Path.Combine(_blobsRoot, digest.Algorithm, digest.Hex[..2], digest.Hex);

    private string UploadPath(string uploadId) =>
        UploadId.IsValid(uploadId) ? Path.Combine(_uploadsRoot, uploadId) : throw new RegistryException(OciErrorCode.BlobUploadUnknown);
}
