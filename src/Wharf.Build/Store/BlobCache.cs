using System.Security.Cryptography;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Build.Store;

/// <summary>The builder's blobs by digest, <c>&lt;state&gt;/blobs/&lt;algorithm&gt;/&lt;hex&gt;</c> (the OCI layout's
/// naming): base image layers fetched once, layers and configs a build wrote. A blob appears by rename from a temporary
/// file in the same directory, so a reader never sees part of one, and builds sharing the directory need no lock.</summary>
internal sealed class BlobCache
{
    private readonly string _directory;

    public BlobCache(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(Path.Combine(directory, Digest.Sha256));
    }

    public string PathOf(Digest digest) => Path.Combine(_directory, digest.Algorithm, digest.Hex);

    public bool Contains(Digest digest) => File.Exists(PathOf(digest));

    public Stream Open(Digest digest) =>
        Contains(digest) ? File.OpenRead(PathOf(digest)) : throw new ImageNotFoundException($"blob {digest} is not in the build's store");

    /// <summary>Fetches <paramref name="blob"/> from <paramref name="source"/> unless it is already here; the bytes are
    /// verified against the descriptor's digest and size on the way in.</summary>
    public async Task EnsureAsync(IImageSource source, Descriptor blob, CancellationToken ct)
    {
        if (Contains(blob.Digest))
        {
            return;
        }

        var temporary = TemporaryPath();
        try
        {
            await using (var input = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob))
            await using (var output = File.Create(temporary))
            {
                await input.CopyToAsync(output, ct);
            }

            File.Move(temporary, PathOf(blob.Digest), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Stores small content (a config, a manifest) and returns its digest.</summary>
    public async Task<Digest> PutAsync(byte[] content, CancellationToken ct)
    {
        var digest = Digest.FromHash(Digest.Sha256, SHA256.HashData(content));
        if (!Contains(digest))
        {
            var temporary = TemporaryPath();
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, PathOf(digest), overwrite: true);
        }

        return digest;
    }

    /// <summary>A new file for a blob whose digest is known only once it is written (a layer); give it to
    /// <see cref="Commit"/> afterwards, or delete it.</summary>
    public string TemporaryPath() => Path.Combine(_directory, Digest.Sha256, $".tmp-{Guid.NewGuid():N}");

    /// <summary>Moves a finished temporary file into place under its digest.</summary>
    public void Commit(string temporaryPath, Digest digest) => File.Move(temporaryPath, PathOf(digest), overwrite: true);
}
