using System.Buffers;

namespace Wharf.Registry.Storage;

/// <summary>Copies an incoming body to a staging file with two buffers, so reading (and hashing, which happens
/// as the source is read) the next megabyte overlaps writing the previous one. Every <see cref="Window"/> written
/// is handed to the kernel for writeback at once, and the window before it is waited for (write-behind), so the
/// disk works while bytes arrive and the fsync before commit has little left to do.</summary>
internal static class StagedCopy
{
    private const int BufferSize = 1024 * 1024;
    private const long Window = 8L * 1024 * 1024;

    public static async Task CopyAsync(Stream source, FileStream destination, CancellationToken ct)
    {
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BufferSize), ArrayPool<byte>.Shared.Rent(BufferSize)];
        var pending = Task.CompletedTask;
        // Windows are aligned to file offsets, not to this request, so a chunked upload gets the same write-behind.
        var position = destination.Position;
        var windowStart = position - (position % Window);
        try
        {
            var current = 0;
            while (true)
            {
                var n = await FillAsync(source, buffers[current], ct);
                await pending;
                if (n == 0)
                {
                    break;
                }

                position += n;
                var window = position - windowStart >= Window ? (Start: windowStart, End: position - (position % Window)) : default;
                if (window != default)
                {
                    windowStart = window.End;
                }

                pending = WriteAsync(destination, buffers[current].AsMemory(0, n), window, ct);
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

    /// <summary>Writes <paramref name="data"/>; when it completes a window, starts that window's writeback and waits
    /// for the previous window's (off the request thread: the wait blocks).</summary>
    private static async Task WriteAsync(FileStream destination, ReadOnlyMemory<byte> data, (long Start, long End) window, CancellationToken ct)
    {
        await destination.WriteAsync(data, ct);
        if (window != default)
        {
            var file = destination.SafeFileHandle;
            WriteBehind.Start(file, window.Start, window.End - window.Start);
            var previous = Math.Max(0, window.Start - Window);
            await Task.Run(() => WriteBehind.Wait(file, previous, window.Start - previous), ct);
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
