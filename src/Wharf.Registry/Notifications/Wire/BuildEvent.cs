namespace Wharf.Registry.Notifications.Wire;

/// <summary>The document a webhook is sent when a build ends (<c>X-Wharf-Event: build</c>, <c>application/json</c>;
/// docs/api.md): one per POST, not enveloped.</summary>
/// <param name="Id">Unique per event, the same in every attempt.</param>
public sealed record BuildEvent(string Id, DateTime Timestamp, string Action, BuildEventBuild Build, EventSource Source);
