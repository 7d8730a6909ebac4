using System.Collections.Concurrent;
using Spectre.Console;
using Wharf.Oci;
using Wharf.Registry.Migrate;

namespace Wharf.Server.Cli.Output;

/// <summary><c>wharf migrate</c>'s progress as Spectre.Console bars on an interactive terminal, drawn as
/// <c>wharf copy</c> draws them: one bar for the blobs (a count), one per blob in flight (bytes and speed), one for the
/// tables. A blob's bar goes when the blob is done, since a registry may have many thousands; the blobs and tables bars
/// stay, so the last frame shows both complete. Notes are printed after.</summary>
internal sealed class MigrationBars(ProgressContext context) : IMigrationProgress
{
    private readonly ConcurrentDictionary<Digest, ProgressTask> _blobs = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private readonly Lock _lock = new();
    private ProgressTask? _overall;
    private ProgressTask? _tables;
    private int _copied;
    private int _present;

    /// <summary>Runs <paramref name="action"/> with bars drawn on stderr, so stdout stays clean for the summary.</summary>
    public static async Task<T> RunAsync<T>(Func<IMigrationProgress, Task<T>> action)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        MigrationBars? bars = null;
        try
        {
            return await console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new MigrationAmountColumn())
                .StartAsync(context => action(bars = new MigrationBars(context)));
        }
        finally
        {
            foreach (var note in bars?._notes ?? [])
            {
                await Console.Error.WriteLineAsync(note);
            }
        }
    }

    public void Note(string message) => _notes.Enqueue(message);

    public void BlobsListed(int count)
    {
        lock (_lock)
        {
            _overall = context.AddTask("blobs", maxValue: Math.Max(1, count));
            if (count == 0)
            {
                _overall.Description = "blobs (none)";
                _overall.Value = 1;
            }
        }
    }

    public void BlobStarted(Digest digest, long size)
    {
        var task = context.AddTask($"  {ShortDigest.Of(digest)}", maxValue: Math.Max(1, size));
        task.State.Update<bool>(MigrationAmountColumn.CountsBytes, _ => true);
        _blobs[digest] = task;
    }

    public void BlobAdvanced(Digest digest, long bytes)
    {
        if (_blobs.TryGetValue(digest, out var task))
        {
            task.Value = bytes;
        }
    }

    public void BlobFinished(Digest digest, long size, BlobCopyOutcome outcome)
    {
        if (_blobs.TryRemove(digest, out var task))
        {
            context.RemoveTask(task);
        }

        lock (_lock)
        {
            if (outcome == BlobCopyOutcome.Copied)
            {
                _copied++;
            }
            else if (outcome == BlobCopyOutcome.Present)
            {
                _present++;
            }

            if (_overall is { } overall)
            {
                // Blobs pushed since the listing come on top of the count.
                overall.MaxValue = Math.Max(overall.MaxValue, overall.Value + 1);
                overall.Increment(1);
                overall.Description = $"blobs ({_copied} copied, {_present} already there)";
            }
        }
    }

    public void TablesStarted(int count)
    {
        lock (_lock)
        {
            if (_overall is { } overall)
            {
                overall.Value = overall.MaxValue;
            }

            _tables = context.AddTask("tables", maxValue: count);
        }
    }

    public void TableAdvanced(string table, long rows)
    {
        if (_tables is { } tables)
        {
            tables.Description = $"tables: {table} ({rows} rows)";
        }
    }

    public void TableCopied(string table, long rows)
    {
        if (_tables is { } tables)
        {
            tables.Increment(1);
            if (tables.IsFinished)
            {
                tables.Description = "tables";
            }
        }
    }
}
