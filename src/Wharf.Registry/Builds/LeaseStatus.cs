namespace Wharf.Registry.Builds;

/// <summary>What a worker learns when it renews its claim on a running build.</summary>
public enum LeaseStatus
{
    /// <summary>Still its own: go on.</summary>
    Held,

    /// <summary>Still its own, and a user asked to cancel it: stop the build and record it cancelled.</summary>
    CancelRequested,

    /// <summary>No longer its own (the lease ran out and recovery queued it again or failed it): stop without recording anything.</summary>
    Lost,
}
