using System.Buffers;
using Wharf.Oci.Images;

namespace Wharf.Oci.Layout;

/// <summary>Files that appear whole or not at all: written to a scratch file, flushed to disk, then renamed over the
/// target. A failure (a digest mismatch, a full disk, a cancellation) deletes the scratch file and leaves the target
/// as it was.</summary>
internal static class AtomicFile
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Copies a blob from <paramref name="source"/> through a <see cref="VerifyingReadStream"/>, so a digest
    /// or size mismatch (DIGEST_INVALID) is raised before the rename.</summary>
    public static async Task WriteVerifiedAsync(
        Descriptor blob, IImageSource source, string scratch, string target, IProgress<long>? progress, CancellationToken ct)
    {
        await WriteAsync(scratch, target, async file =>
        {
            await using var verified = new VerifyingReadStream(await source.OpenBlobAsync(blob, 0, ct), blob);
            await CopyAsync(verified, file, copied => progress?.Report(copied), ct);
        }, ct);
    }

    /// <summary>Writes <paramref name="bytes"/> (a manifest, an index.json).</summary>
    public static Task WriteAsync(string scratch, string target, ReadOnlyMemory<byte> bytes, CancellationToken ct) =>
        WriteAsync(scratch, target, file => file.WriteAsync(bytes, ct).AsTask(), ct);

    /// <summary>Runs <paramref name="write"/> on a new scratch file, then renames it to <paramref name="target"/>.</summary>
    public static async Task WriteAsync(string scratch, string target, Func<FileStream, Task> write, CancellationToken ct)
    {
        try
        {
            await using (var file = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await write(file);
                ct.ThrowIfCancellationRequested();
                file.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);

            // Overwriting is safe: a content-addressed target that exists already holds these very bytes.
            File.Move(scratch, target, overwrite: true);
        }
        catch
        {
            DeleteQuietly(scratch);
            throw;
        }
    }

    /// <summary>Streams with one pooled 64 KiB buffer, telling <paramref name="copied"/> the bytes copied so far.</summary>
    public static async Task<long> CopyAsync(Stream from, Stream to, Action<long>? copied, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int n;
            while ((n = await from.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), ct);
                total += n;
                copied?.Invoke(total);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Scratch left behind by a failure must not hide the failure itself.
        }
    }

    public static void DeleteDirectoryQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // As above: cleanup is best effort.
        }
    }
}
