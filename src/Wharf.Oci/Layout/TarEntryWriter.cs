using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Wharf.Oci.Layout;

/// <summary>The data of one entry of a <see cref="OnePassTarFile"/>, appended behind a header slot left for later.
/// <see cref="CompleteAsync"/> keeps the entry; disposing without it (a failed or corrupt blob) cuts the file back to
/// where the entry began, so the archive never holds half an entry.</summary>
internal sealed class TarEntryWriter : IDisposable
{
    private const int PieceSize = 1024 * 1024;

    private readonly OnePassTarFile _tar;
    private readonly SafeFileHandle _file;
    private readonly long _headerOffset;
    private long _size;
    private bool _ended;

    internal TarEntryWriter(OnePassTarFile tar, SafeFileHandle file, long headerOffset)
    {
        _tar = tar;
        _file = file;
        _headerOffset = headerOffset;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        await RandomAccess.WriteAsync(_file, data, _headerOffset + UstarHeader.Size + _size, ct);
        _size += data.Length;
        _tar.Wrote(data.Length);
    }

    /// <summary>Appends all of <paramref name="content"/>, hashing it into <paramref name="hash"/> and calling
    /// <paramref name="advanced"/> after each piece. Pieces of 1 MiB are hashed and written on the thread pool while
    /// the next is read (and decompressed, for a layer): the two halves of the work run on two cores.</summary>
    public async Task CopyFromAsync(Stream content, IncrementalHash hash, Action? advanced, CancellationToken ct)
    {
        var reading = ArrayPool<byte>.Shared.Rent(PieceSize);
        var storing = ArrayPool<byte>.Shared.Rent(PieceSize);
        var stored = Task.CompletedTask;
        try
        {
            int n;
            while ((n = await content.ReadAtLeastAsync(reading.AsMemory(0, PieceSize), PieceSize, throwOnEndOfStream: false, ct)) > 0)
            {
                await stored;
                (reading, storing) = (storing, reading);
                var (piece, length) = (storing, n);
                stored = Task.Run(async () =>
                {
                    hash.AppendData(piece, 0, length);
                    await WriteAsync(piece.AsMemory(0, length), ct);
                }, ct);
                advanced?.Invoke();
            }

            await stored;
        }
        finally
        {
            // A failed read may leave a piece being stored: its buffer is not returned before it is done.
            await stored.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(reading);
            ArrayPool<byte>.Shared.Return(storing);
        }
    }

    /// <summary>Pads the data to a whole block and keeps the entry; its header is written by
    /// <see cref="OnePassTarFile.WriteHeaderAsync"/> once its name is known.</summary>
    public async Task<TarEntrySlot> CompleteAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        var slot = new TarEntrySlot(_headerOffset, _size);
        var padding = UstarHeader.Padding(_size);
        if (padding > 0)
        {
            await RandomAccess.WriteAsync(_file, new byte[padding], slot.DataOffset + _size, ct);
        }

        _ended = true;
        _tar.Ended(slot);
        return slot;
    }

    /// <summary>Without <see cref="CompleteAsync"/>, discards the entry.</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            _ended = true;
            _tar.Discarded(_headerOffset);
        }
    }
}
