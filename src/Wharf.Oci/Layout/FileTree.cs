using System.Buffers;

namespace Wharf.Oci.Layout;

/// <summary>Read access to the files of a layout or an archive by relative, '/'-separated path: a directory on disk
/// (<see cref="DirectoryFileTree"/>) or the members of a tar file read in place (<see cref="TarIndex"/>), so a
/// layout is read the same way whether it is a directory or a tar.</summary>
internal abstract class FileTree
{
    /// <summary>The file's size, or null when there is no such file.</summary>
    public abstract long? FindLength(string path);

    /// <summary>The file's bytes from <paramref name="offset"/>, or null when there is no such file.</summary>
    public abstract Stream? TryOpenRead(string path, long offset);

    /// <summary>Where the file is, for messages.</summary>
    public abstract string Describe(string path);

    /// <summary>A small file (JSON) whole, or null when there is none; larger than <paramref name="maxBytes"/> is
    /// malformed content rather than something to buffer.</summary>
    public byte[]? TryReadAll(string path, int maxBytes)
    {
        var length = FindLength(path);
        if (length is null)
        {
            return null;
        }

        if (length > maxBytes)
        {
            throw new InvalidDataException($"{Describe(path)} is {length} bytes, more than the {maxBytes} it may have");
        }

        using var stream = TryOpenRead(path, 0) ?? throw new FileNotFoundException($"{Describe(path)} vanished while being read");
        var bytes = new byte[length.Value];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The sha256 digest of a file, streamed.</summary>
    public async Task<Digest> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = TryOpenRead(path, 0) ?? throw new FileNotFoundException($"{Describe(path)} is missing");
        using var hash = Digest.CreateHasher(Digest.Sha256);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Digest.FromHash(Digest.Sha256, hash.GetCurrentHash());
    }
}
