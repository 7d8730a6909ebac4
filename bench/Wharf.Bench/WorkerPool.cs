namespace Wharf.Bench;

/// <summary>Runs a fixed number of items on a fixed number of concurrent workers, counting failures.</summary>
internal static class WorkerPool
{
    /// <summary>
    /// Runs <paramref name="body"/> for items 0..count-1; returns how many succeeded. Stops early when the first
    /// 50 attempts all failed (the server is down or rejects everything), so a broken server costs seconds, not minutes.
    /// </summary>
    public static async Task<int> RunAsync(int workers, int count, Func<int, CancellationToken, Task> body, ErrorTally errors, CancellationToken ct)
    {
        var next = -1;
        var succeeded = 0;
        var attempted = 0;
        async Task Worker()
        {
            while (!ct.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count || (Volatile.Read(ref attempted) >= 50 && Volatile.Read(ref succeeded) == 0))
                {
                    return;
                }
                try
                {
                    await body(index, ct);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception error) when (!ct.IsCancellationRequested)
                {
                    errors.Add(error);
                }
                Interlocked.Increment(ref attempted);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker, CancellationToken.None)));
        ct.ThrowIfCancellationRequested();
        return succeeded;
    }
}
