namespace Wharf.Registry.Notifications.Wire;

/// <summary>One event of Distribution's notification envelope (<c>{"events":[…]}</c>, media type
/// <c>application/vnd.docker.distribution.events.v1+json</c>; distribution/docs/about/notifications.md), as Wharf sends
/// it for a push, pull or delete of a manifest or tag.</summary>
/// <param name="Id">Unique per event, the same in every attempt: what a receiver de-duplicates by.</param>
/// <param name="Timestamp">When the change happened, UTC.</param>
/// <param name="Request">Absent when no HTTP request caused it (a build's push).</param>
public sealed record DistributionEvent(
    string Id, DateTime Timestamp, string Action, EventTarget Target, EventRequest? Request, EventActor Actor, EventSource Source);
