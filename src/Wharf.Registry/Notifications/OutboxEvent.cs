namespace Wharf.Registry.Notifications;

/// <summary>An event as the outbox keeps it (<c>webhook_events</c>) until every endpoint that wants it has it: written
/// by <see cref="NotificationOutbox"/> in the transaction of the change it reports.</summary>
/// <param name="EventId">The event's id as receivers see it (a UUID): the same in every retry and redelivery.</param>
/// <param name="Action">push, delete, pull or build (<see cref="WebhookActionWords"/>).</param>
/// <param name="Payload">The event's JSON as sent: an entry of Distribution's envelope, or a build document.</param>
public sealed record OutboxEvent(string EventId, string Action, string Repository, string Payload, DateTimeOffset At);
