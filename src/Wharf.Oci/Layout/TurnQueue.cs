namespace Wharf.Oci.Layout;

/// <summary>Async writers taking turns strictly in the order they asked: <see cref="TakeTurnAsync"/> joins the queue
/// before it first yields, so the order is that of the calls, not of thread scheduling (which a lock or
/// SemaphoreSlim does not promise).</summary>
internal sealed class TurnQueue
{
    private readonly Lock _lock = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Waits for every earlier turn to end; disposing the result ends this one. Not cancellable: an earlier
    /// turn always ends (its holder's own work is what a cancellation stops).</summary>
    public async Task<IDisposable> TakeTurnAsync()
    {
        var turn = new Turn();
        Task previous;
        lock (_lock)
        {
            previous = _last;
            _last = turn.Ended;
        }

        await previous;
        return turn;
    }

    private sealed class Turn : IDisposable
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ended => _ended.Task;

        public void Dispose() => _ended.TrySetResult();
    }
}
