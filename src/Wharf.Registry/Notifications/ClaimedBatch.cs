namespace Wharf.Registry.Notifications;

/// <summary>Deliveries one node has claimed to send as one POST to one webhook: several registry events in one
/// Distribution envelope, or one build document. <see cref="BatchId"/> is the POST's id (<c>X-Wharf-Delivery</c>), the
/// same in each retry of it; <see cref="ClaimId"/> is this claim's, which recording the outcome must present.</summary>
/// <param name="Attempt">Which attempt this is (1 for the first).</param>
/// <param name="IsBuild">A build document (sent alone) rather than an envelope of registry events.</param>
public sealed record ClaimedBatch(string BatchId, string ClaimId, Webhook Webhook, IReadOnlyList<ClaimedEvent> Events, int Attempt, bool IsBuild);
