namespace Wharf.Registry.Builds;

/// <summary>What a user's request to cancel a build did.</summary>
public enum CancelOutcome
{
    /// <summary>It was queued: it is cancelled now, and no worker will take it.</summary>
    Cancelled,

    /// <summary>It is running: its worker stops it at its next lease renewal and records it cancelled.</summary>
    Requested,

    /// <summary>It had ended already; nothing changed.</summary>
    AlreadyFinished,

    NotFound,
}
