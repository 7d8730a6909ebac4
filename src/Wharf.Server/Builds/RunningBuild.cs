using Wharf.Registry.Builds;

namespace Wharf.Server.Builds;

/// <summary>One build while a worker runs it: its log, the token that stops it, and why it was stopped.</summary>
internal sealed class RunningBuild : IDisposable
{
    private readonly ClaimedBuild _claimed;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _abort;
    private readonly ITimer _timeout;
    private int _reason;

    /// <summary>Starts the build's clock: after <paramref name="timeout"/> it is stopped as <see cref="BuildStopReason.TimedOut"/>.</summary>
    public RunningBuild(ClaimedBuild claimed, DatabaseBuildLog log, TimeSpan timeout, TimeProvider time, CancellationToken stopping)
    {
        _claimed = claimed;
        _stopping = stopping;
        Log = log;
        _abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _timeout = time.CreateTimer(_ => Stop(BuildStopReason.TimedOut), null, timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    public BuildRecord Build => _claimed.Build;

    public DatabaseBuildLog Log { get; }

    /// <summary>The images of this registry the build read by tag: recorded with a trigger's success (decision 023).</summary>
    public BaseImagesRead BaseImages { get; } = new();

    /// <summary>Cancelled when the build must stop: shutdown, a user's cancel, its timeout, or a lost lease.</summary>
    public CancellationToken Token => _abort.Token;

    public BuildStopReason Reason
    {
        get
        {
            var reason = (BuildStopReason)Volatile.Read(ref _reason);
            return reason == BuildStopReason.None && _stopping.IsCancellationRequested ? BuildStopReason.Shutdown : reason;
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

    public void Dispose()
    {
        _timeout.Dispose();
        _abort.Dispose();
    }
}
