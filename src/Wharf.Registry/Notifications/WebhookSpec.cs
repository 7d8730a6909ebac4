namespace Wharf.Registry.Notifications;

/// <summary>What a new webhook is asked to be (checked by <see cref="WebhookRules"/> first): exactly one of a repository
/// and a namespace, the URL, the actions, extra request headers, and whether it starts enabled.</summary>
public sealed record WebhookSpec(
    string? Repository, string? Namespace, string Url, WebhookActions Actions, IReadOnlyDictionary<string, string> Headers, bool Enabled);
