namespace Wharf.Registry.Builds;

/// <summary>Where a build is in its life. Stored and shown as the lowercase word (<c>queued</c>, <c>running</c>…).
/// Only <see cref="Queued"/> and <see cref="Running"/> change again; the other three are final.</summary>
public enum BuildState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
