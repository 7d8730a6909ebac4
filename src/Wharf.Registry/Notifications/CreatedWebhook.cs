namespace Wharf.Registry.Notifications;

/// <summary>A webhook just created (or whose secret was just replaced) with its secret, here once and never again.</summary>
public sealed record CreatedWebhook(Webhook Webhook, string Secret)
{
    // The secret stays out of ToString, so logging the record never logs it.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Webhook = ").Append(Webhook);
        return true;
    }
}
