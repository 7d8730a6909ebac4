using System.Buffers;

namespace Wharf.Registry.Storage;

/// <summary>Copies an incoming body to a staging file with two buffers, so reading (and hashing, which happens
/// as the source is read) the next megabyte overlaps writing the previous one; and flushes to disk every
/// <see cref="FlushEvery"/> bytes in the background, so the fsync before commit has little left to do.</summary>
internal static class StagedCopy
{
    private const int BufferSize = 1024 * 1024;
    private const long FlushEvery = 64L * 1024 * 1024;

    public static async Task CopyAsync(Stream source, FileStream destination, CancellationToken ct)
    {
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        var pending = Task.CompletedTask;
        try
        {
            var current = 0;
            var sinceFlush = 0L;
            while (true)
            {
                var n = await FillAsync(source, buffers[current], ct);
                await pending;
                if (n == 0)
                {
                    break;
                }

                sinceFlush += n;
                var flush = sinceFlush >= FlushEvery;
                if (flush)
                {
                    sinceFlush = 0;
                }

                pending = WriteAsync(destination, buffers[current].AsMemory(0, n), flush, ct);
                current ^= 1;
            }
        }
        finally
        {
            // Never hand a buffer back to the pool while a write may still be reading it.
            await pending.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private static async Task WriteAsync(FileStream destination, ReadOnlyMemory<byte> data, bool flush, CancellationToken ct)
    {
        await destination.WriteAsync(data, ct);
        if (flush)
        {
            await Task.Run(() => destination.Flush(flushToDisk: true), ct);
        }
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await source.ReadAsync(buffer.AsMemory(filled), ct);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }
}
