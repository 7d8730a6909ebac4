using System.Runtime.CompilerServices;
using Wharf.Oci;
using Wharf.Oci.Errors;

namespace Wharf.Registry.Storage;

/// <summary>Blobs on a local (or shared POSIX) filesystem.
/// <code>
/// &lt;root&gt;/blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   the blob's bytes, immutable once renamed into place
/// &lt;root&gt;/uploads/&lt;upload id&gt;/&lt;part id&gt;       one staged part of an upload (a PATCH, or a POST/PUT body), written once
/// &lt;root&gt;/uploads/&lt;upload id&gt;/&lt;random&gt;.commit  the parts concatenated by a commit of several, before its rename
/// </code>
/// A blob appears only by an atomic rename of an fsync'd file, so a crash at any point leaves either no blob or the
/// whole blob, never a partial one. Committing one part (what docker, podman and skopeo send) renames the part itself.</summary>
public sealed partial class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 64 * 1024;
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

    private string BlobPath(Digest digest) => Path.Combine(_blobsRoot, digest.Algorithm, digest.Hex[..2], digest.Hex);

    private string UploadPath(string uploadId) =>
        UploadId.IsValid(uploadId) ? Path.Combine(_uploadsRoot, uploadId) : throw new RegistryException(OciErrorCode.BlobUploadUnknown);

    private string PartPath(string uploadId, string partId) =>
        UploadId.IsValid(partId) ? Path.Combine(UploadPath(uploadId), partId) : throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"{partId} is not a part name");

    private static RegistryException StagingGone(string uploadId) =>
        new(OciErrorCode.BlobUploadUnknown, $"the staged bytes of upload {uploadId} are gone");
}
