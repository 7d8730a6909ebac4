namespace Wharf.Registry.Notifications;

/// <summary>One event of a claimed batch: its delivery row, and the event as it is sent.</summary>
public sealed record ClaimedEvent(long DeliveryId, string EventId, string Action, string Payload);
