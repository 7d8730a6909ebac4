using Microsoft.Win32.SafeHandles;

namespace Wharf.Oci.Layout;

/// <summary>A tar file written in one pass for content whose name and size are known only once it has streamed
/// through (a decompressed layer is named by its diff ID): each entry's data is appended behind a 512-byte header
/// slot, and <see cref="WriteHeaderAsync"/> fills the slot in later (ustar headers are fixed-width), so no byte is
/// written twice. Entries are appended one at a time, in the order they begin. Like <see cref="TarFileWriter"/>, the
/// archive appears whole or not at all: it is a scratch file next to the target, flushed to disk and renamed at
/// <see cref="CommitAsync"/>, deleted by a dispose without commit.</summary>
internal sealed class OnePassTarFile : IAsyncDisposable
{
    private const long FlushEvery = 32 * 1024 * 1024;

    private readonly string _target;
    private readonly string _scratch;
    private readonly SafeFileHandle _file;
    private long _end;
    private bool _writing;
    private bool _committed;

    /// <summary>Flushes completed entries to disk while the next ones stream in, so that the flush at commit (which
    /// durability needs before the rename) has little left to write.</summary>
    private Task _flush = Task.CompletedTask;
    private long _unflushed;

    private OnePassTarFile(string target, string scratch, SafeFileHandle file)
    {
        _target = target;
        _scratch = scratch;
        _file = file;
    }

    public static OnePassTarFile Create(string target)
    {
        var scratch = ArchivePath.Scratch(target, "tmp");
        return new OnePassTarFile(target, scratch, File.OpenHandle(scratch, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
    }

    /// <summary>Starts an entry at the end of the archive. One entry at a time: callers serialise their writers.</summary>
    public TarEntryWriter BeginEntry()
    {
        if (_writing)
        {
            throw new InvalidOperationException("another entry of this tar file is still being written");
        }

        _writing = true;
        return new TarEntryWriter(this, _file, _end);
    }

    /// <summary>Writes the header of a completed entry, naming it.</summary>
    public Task WriteHeaderAsync(TarEntrySlot slot, string name, CancellationToken ct)
    {
        var header = new byte[UstarHeader.Size];
        UstarHeader.Write(header, name, slot.Size);
        return RandomAccess.WriteAsync(_file, header, slot.HeaderOffset, ct).AsTask();
    }

    /// <summary>Appends a small file whole (manifest.json, repositories).</summary>
    public async Task AddBytesAsync(string name, byte[] bytes, CancellationToken ct)
    {
        using var entry = BeginEntry();
        await entry.WriteAsync(bytes, ct);
        await WriteHeaderAsync(await entry.CompleteAsync(ct), name, ct);
    }

    /// <summary>Reads an entry's data back (a config, at most a few MiB).</summary>
    public async Task<byte[]> ReadAsync(TarEntrySlot slot, CancellationToken ct)
    {
        var data = new byte[checked((int)slot.Size)];
        var read = 0;
        while (read < data.Length)
        {
            var n = await RandomAccess.ReadAsync(_file, data.AsMemory(read), slot.DataOffset + read, ct);
            read += n > 0 ? n : throw new EndOfStreamException($"{_scratch} ends inside an entry");
        }

        return data;
    }

    /// <summary>Ends the archive (two zero blocks), flushes it to disk and renames it over the target.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await RandomAccess.WriteAsync(_file, new byte[2 * UstarHeader.Size], _end, ct);
        await _flush;
        ct.ThrowIfCancellationRequested();
        RandomAccess.FlushToDisk(_file);
        _file.Dispose();
        File.Move(_scratch, _target, overwrite: true);
        _committed = true;
    }

    /// <summary>Without a commit, abandons the archive: the scratch file is deleted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            await _flush;
        }
        catch (IOException)
        {
            // A failed background flush only matters to a commit, which did not happen.
        }

        _file.Dispose();
        AtomicFile.DeleteQuietly(_scratch);
    }

    internal void Ended(TarEntrySlot slot)
    {
        _end = slot.End;
        _writing = false;
        FlushInBackground();
    }

    internal void Discarded(long headerOffset)
    {
        _writing = false;
        try
        {
            RandomAccess.SetLength(_file, headerOffset);
        }
        catch (IOException)
        {
            // The failure being cleaned up after matters more. An uncut file is still a sound archive: what follows
            // is written from the entry's start, and readers stop at the closing zero blocks, before any leftover.
        }
    }

    /// <summary>Called as an entry's data is written: every <see cref="FlushEvery"/> bytes a flush starts, so that
    /// little is left for the commit even of a large last layer.</summary>
    internal void Wrote(long bytes)
    {
        _unflushed += bytes;
        if (_unflushed >= FlushEvery)
        {
            FlushInBackground();
        }
    }

    private void FlushInBackground()
    {
        // One flush at a time; a failed one is kept, not replaced, so the commit sees it (Linux reports a write-back
        // error to one fsync only: a later flush could succeed with data lost).
        if (_flush.IsCompletedSuccessfully)
        {
            _unflushed = 0;
            _flush = Task.Run(() => RandomAccess.FlushToDisk(_file));
        }
    }
}
