namespace Wharf.Registry.Notifications;

/// <summary>What a webhook is sent, as bits (the <c>webhooks.actions</c> column): pushes and deletes of manifests and
/// tags, pulls of manifests (off unless asked: best-effort, decision 022), and the ends of builds.</summary>
[Flags]
public enum WebhookActions
{
    None = 0,
    Push = 1,
    Delete = 2,
    Pull = 4,
    Build = 8,
}
