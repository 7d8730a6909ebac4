namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>What a verified push webhook says: the sender's delivery id (what a redelivery repeats; null when the
/// host sends none) and the refs the push changed. <see cref="Ignored"/> says why a delivery that is not a push (a
/// GitHub ping, a Gitea delete event) builds nothing.</summary>
public sealed record PushNotice(GitHost Host, string? DeliveryId, IReadOnlyList<RefUpdate> Updates, string? Ignored = null);
