namespace Wharf.Registry.Builds;

/// <summary>An in-process pulse, "a build was queued here" or "a build ended here": who waits for one (idle workers, a
/// pull waiting for its build) waits on it beside their poll of the database, so what happens on this node is seen at
/// once and what happens on other nodes at the next poll (decision 017).</summary>
public sealed class BuildSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes every waiter.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next pulse. Taken before looking at the queue, it also sees a pulse that comes between
    /// the look and the wait.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Completes when <paramref name="pulse"/> (a <see cref="Next"/>) does, or when <paramref name="timeout"/> has passed.</summary>
    public static async Task WaitAsync(Task pulse, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(timeout, time, delay.Token);
        await Task.WhenAny(pulse, sleep);
        await delay.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
