using Microsoft.Win32.SafeHandles;
using Wharf.Build.Native;

namespace Wharf.Build.Store;

/// <summary>Who may use a builder's state directory, across every process that shares it. A build holds a shared
/// flock(2) on <c>&lt;state&gt;/lock</c> from its start until its image has been read (its
/// <see cref="StoredImageSource"/> is disposed); a prune holds it exclusively, so it never removes what a build in
/// any process still uses, and everything it finds in <c>builds/</c> and <c>runc/</c> belongs to builds that are gone.
/// A prune that waits for running builds first takes <c>&lt;state&gt;/prune.lock</c> exclusively, which a starting
/// build takes shared for a moment: builds that start meanwhile wait behind the prune instead of starving it (flock
/// is not fair). Locks are polled, so a wait is cancellable.</summary>
internal static class StateLock
{
    private const string LockFile = "lock";
    private const string GateFile = "prune.lock";

    /// <summary>A build's lock: shared, after any prune that is waiting or running.</summary>
    public static async Task<StateLease> ForBuildAsync(string state, IBuildLog log, CancellationToken ct)
    {
        Directory.CreateDirectory(state);
        using var gate = FileLock.Open(Path.Combine(state, GateFile));
        await WaitAsync(gate, exclusive: false, Path.Combine(state, GateFile), () => log.Line("waiting for the prune of the builder's state to end"), ct);
        var held = FileLock.Open(Path.Combine(state, LockFile));
        try
        {
            await WaitAsync(held, exclusive: false, Path.Combine(state, LockFile), () => log.Line("waiting for the prune of the builder's state to end"), ct);
            return new StateLease(held);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>A prune's lock: exclusive. Without <paramref name="wait"/>, null when a build holds the state; with it,
    /// once every running build has ended (new ones wait meanwhile).</summary>
    public static async Task<StateLease?> ForPruneAsync(string state, bool wait, CancellationToken ct)
    {
        var lockPath = Path.Combine(state, LockFile);
        var held = FileLock.Open(lockPath);
        // A lock a build just let go of can linger for an instant: a process forked meanwhile holds a copy of the
        // build's descriptor until it execs (close-on-exec closes it only then). A few tries tell that from a build.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (FileLock.TryLock(held, exclusive: true, lockPath))
            {
                return new StateLease(held);
            }

            if (wait)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        if (!wait)
        {
            held.Dispose();
            return null;
        }

        var gatePath = Path.Combine(state, GateFile);
        var gate = FileLock.Open(gatePath);
        try
        {
            await WaitAsync(gate, exclusive: true, gatePath, null, ct);
            await WaitAsync(held, exclusive: true, lockPath, null, ct);
            return new StateLease(held, gate);
        }
        catch
        {
            gate.Dispose();
            held.Dispose();
            throw;
        }
    }

    /// <summary>Whether a build holds the state now (a prune would not get it).</summary>
    public static bool IsBusy(string state)
    {
        var lockPath = Path.Combine(state, LockFile);
        if (!File.Exists(lockPath))
        {
            return false;
        }

        using var probe = FileLock.Open(lockPath);
        return !FileLock.TryLock(probe, exclusive: true, lockPath);
    }

    private static async Task WaitAsync(SafeFileHandle file, bool exclusive, string path, Action? waiting, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (!FileLock.TryLock(file, exclusive, path))
        {
            waiting?.Invoke();
            waiting = null;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }
}
