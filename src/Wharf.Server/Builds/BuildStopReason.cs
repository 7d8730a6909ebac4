namespace Wharf.Server.Builds;

/// <summary>Why a worker stopped a build before its end, which decides what it records.</summary>
internal enum BuildStopReason
{
    /// <summary>Not stopped: it ran to its end (or failed on its own).</summary>
    None,

    /// <summary>The worker's process is shutting down: the build goes back to the queue.</summary>
    Shutdown,

    /// <summary>A user asked to cancel it: recorded cancelled.</summary>
    CancelRequested,

    /// <summary>It ran longer than <c>Builds:Timeout</c>: recorded failed.</summary>
    TimedOut,

    /// <summary>The worker's lease ran out and the build is no longer its own: nothing is recorded.</summary>
    LeaseLost,
}
