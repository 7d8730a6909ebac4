using System.Collections.Concurrent;
using Spectre.Console;
using Wharf.Oci;
using Wharf.Oci.Images;

namespace Wharf.Cli.Output;

/// <summary>Copy progress as Spectre.Console bars, one per blob, with bytes and speed, for an interactive terminal.</summary>
internal sealed class BarProgress(ProgressContext context) : ICopyProgress
{
    private readonly ConcurrentDictionary<Digest, ProgressTask> _tasks = new();

    /// <summary>Runs <paramref name="action"/> with bars drawn on stderr, so stdout stays clean for a result.</summary>
    public static Task<T> RunAsync<T>(Func<ICopyProgress, Task<T>> action)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(context => action(new BarProgress(context)));
    }

    public void BlobStarted(Descriptor blob) =>
        _tasks.GetOrAdd(blob.Digest, _ => context.AddTask(ShortDigest.Of(blob.Digest), maxValue: Math.Max(1, blob.Size)));

    public void BlobAdvanced(Descriptor blob, long bytes)
    {
        if (_tasks.TryGetValue(blob.Digest, out var task))
        {
            task.Value = bytes;
        }
    }

    public void BlobFinished(Descriptor blob, BlobReuse reuse)
    {
        if (_tasks.TryGetValue(blob.Digest, out var task))
        {
            if (reuse != BlobReuse.None)
            {
                task.Description = $"{ShortDigest.Of(blob.Digest)} {(reuse == BlobReuse.Mounted ? "mounted" : "exists")}";
            }

            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    public void ManifestWritten(ManifestContent manifest)
    {
    }
}
