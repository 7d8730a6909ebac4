namespace Wharf.Registry.Notifications.Wire;

/// <summary>The build a <see cref="BuildEvent"/> reports, as it ended.</summary>
/// <param name="State">succeeded, failed or cancelled.</param>
/// <param name="Digest">The manifest the tags now name, after a success.</param>
/// <param name="Error">The one line a failed build ended with.</param>
/// <param name="Trigger">The id of the build trigger that queued it; null for a build submitted through the API.</param>
/// <param name="Reason">Why a trigger queued it (webhook, poll, manual, base-image, retry); null otherwise.</param>
/// <param name="Ref">The git ref built: the branch or tag a trigger saw pushed, else the ref asked for; null for an
/// uploaded context.</param>
/// <param name="Commit">The commit built.</param>
public sealed record BuildEventBuild(
    long Id,
    string Repository,
    IReadOnlyList<string> Tags,
    string State,
    string? Digest,
    string? Error,
    string RequestedBy,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    long? Trigger,
    string? Reason,
    string? Ref,
    string? Commit);
