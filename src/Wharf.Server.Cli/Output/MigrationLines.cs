using System.Globalization;
using Wharf.Oci;
using Wharf.Registry.Migrate;

namespace Wharf.Server.Cli.Output;

/// <summary><c>wharf migrate</c>'s progress as lines, for a log or a terminal that is not interactive: a line every
/// <see cref="BlobsPerLine"/> blobs and at the last, and one per table.</summary>
internal sealed class MigrationLines(TextWriter writer) : IMigrationProgress
{
    public const int BlobsPerLine = 100;

    private readonly Lock _lock = new();
    private int _listed;
    private int _done;
    private int _copied;
    private int _present;
    private long _bytes;

    public void Note(string message) => Write(message);

    public void BlobsListed(int count)
    {
        _listed = count;
        Write($"blobs: {count} in the source");
    }

    public void BlobStarted(Digest digest, long size)
    {
    }

    public void BlobAdvanced(Digest digest, long bytes)
    {
    }

    public void BlobFinished(Digest digest, long size, BlobCopyOutcome outcome)
    {
        lock (_lock)
        {
            _done++;
            if (outcome == BlobCopyOutcome.Copied)
            {
                _copied++;
                _bytes += size;
            }
            else if (outcome == BlobCopyOutcome.Present)
            {
                _present++;
            }

            if (_done % BlobsPerLine == 0 || _done == _listed)
            {
                Write($"blobs: {_done}/{Math.Max(_done, _listed)} ({_copied} copied, {Bytes.Format(_bytes)}; {_present} already there)");
            }
        }
    }

    public void TablesStarted(int count) => Write($"tables: {count} to copy");

    public void TableAdvanced(string table, long rows)
    {
    }

    public void TableCopied(string table, long rows) => Write($"table {table}: {rows} rows");

    private void Write(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        }
    }
}
