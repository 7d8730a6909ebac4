namespace Wharf.Server.Webhooks;

/// <summary>Tells this node's delivery loop that an event was just written here, so it claims at once rather than at
/// its next poll. A hint only: every node still polls, and finds what other nodes wrote.</summary>
internal sealed class DeliveryWakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked and not yet woken: one wake-up covers both.
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits for a poke or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
