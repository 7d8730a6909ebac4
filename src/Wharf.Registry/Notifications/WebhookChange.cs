namespace Wharf.Registry.Notifications;

/// <summary>A change to a webhook: each field that is set replaces the current value; a null one leaves it as it is.</summary>
public sealed record WebhookChange(string? Url, WebhookActions? Actions, IReadOnlyDictionary<string, string>? Headers, bool? Enabled);
