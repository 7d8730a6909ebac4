using System.Formats.Tar;

namespace Wharf.Oci.Layout;

/// <summary>Writes a tar file that appears whole or not at all: entries go to a scratch file next to the target,
/// which <see cref="CommitAsync"/> flushes and renames over it; disposing without commit deletes the scratch file.
/// Entries carry fixed metadata (root-owned, 0644/0755, mtime 0), so the same image gives the same bytes.</summary>
internal sealed class TarFileWriter : IAsyncDisposable
{
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;

    private readonly string _target;
    private readonly string _scratch;
    private readonly FileStream _file;
    private readonly TarWriter _tar;
    private bool _committed;

    private TarFileWriter(string target, string scratch, FileStream file)
    {
        _target = target;
        _scratch = scratch;
        _file = file;
        _tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true);
    }

    public static TarFileWriter Create(string target)
    {
        var scratch = ArchivePath.Scratch(target, "tmp");
        return new TarFileWriter(target, scratch, new FileStream(scratch, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous));
    }

    public Task AddDirectoryAsync(string name, CancellationToken ct) =>
        _tar.WriteEntryAsync(Entry(TarEntryType.Directory, name.TrimEnd('/') + "/", DirectoryMode), ct);

    public async Task AddFileAsync(string name, string path, CancellationToken ct)
    {
        await using var data = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var entry = Entry(TarEntryType.RegularFile, name, FileMode);
        entry.DataStream = data;
        await _tar.WriteEntryAsync(entry, ct);
    }

    public async Task AddBytesAsync(string name, byte[] bytes, CancellationToken ct)
    {
        using var data = new MemoryStream(bytes, writable: false);
        var entry = Entry(TarEntryType.RegularFile, name, FileMode);
        entry.DataStream = data;
        await _tar.WriteEntryAsync(entry, ct);
    }

    /// <summary>Ends the archive, flushes it to disk and renames it over the target.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await _tar.DisposeAsync();
        await _file.FlushAsync(ct);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
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
            await _tar.DisposeAsync();
        }
        catch (IOException)
        {
            // Ending an abandoned archive may fail as its writing did (a full disk); it is deleted either way.
        }
        finally
        {
            try
            {
                await _file.DisposeAsync();
            }
            catch (IOException)
            {
                // As above.
            }

            AtomicFile.DeleteQuietly(_scratch);
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) =>
        new(type, name) { Mode = mode, ModificationTime = DateTimeOffset.UnixEpoch, Uid = 0, Gid = 0 };
}
