using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>One build while a worker runs it: its log, the token that stops it, and why it was stopped.</summary>
internal sealed class RunningBuild(ClaimedBuild claimed, DatabaseBuildLog log, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private int _reason;

    public BuildRecord Build => claimed.Build;

    public DatabaseBuildLog Log => log;

    /// <summary>Cancelled when the build must stop: shutdown, a user's cancel, or a lost lease.</summary>
    public CancellationToken Token => _abort.Token;

    public BuildStopReason Reason
    {
        get
        {
            var reason = (BuildStopReason)Volatile.Read(ref _reason);
            return reason == BuildStopReason.None && stopping.IsCancellationRequested ? BuildStopReason.Shutdown : reason;
        }
    }

    /// <summary>Stops the build for <paramref name="reason"/>; the first reason given is the one that counts.</summary>
    public void Stop(BuildStopReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)BuildStopReason.None) == (int)BuildStopReason.None)
        {
            _abort.Cancel();
        }
    }

    public void Dispose() => _abort.Dispose();
}
