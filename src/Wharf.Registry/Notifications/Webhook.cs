namespace Wharf.Registry.Notifications;

/// <summary>An endpoint events are posted to: registered for one repository, or for a namespace (every repository in
/// it; exactly one of the two is set), with the actions it is sent. Its HMAC secret and extra headers are kept sealed
/// (<see cref="Secrets.SecretBox"/>, under <c>Secrets:Key</c>) and left out of <see cref="object.ToString"/>; only the delivery opens them.</summary>
public sealed record Webhook(
    long Id,
    string? Repository,
    string? Namespace,
    string Url,
    WebhookActions Actions,
    string SealedSecret,
    string SealedHeaders,
    bool Enabled,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>What it is registered for, as people write it: <c>team/app</c>, or <c>team/*</c> for a namespace.</summary>
    public string Scope => Repository ?? $"{Namespace}/*";

    // The sealed values stay out of ToString too: nothing about a secret belongs in a log line.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Scope = ").Append(Scope).Append(", Url = ").Append(Url)
            .Append(", Actions = ").Append(Actions).Append(", Enabled = ").Append(Enabled);
        return true;
    }
}
