namespace Wharf.Registry.Notifications;

/// <summary>A <c>webhooks</c> row as Dapper reads it (columns aliased by <see cref="Columns"/>).</summary>
internal sealed class WebhookRow
{
    public const string Columns =
        """
        id AS Id, repository AS Repository, namespace AS Namespace, url AS Url, actions AS Actions, secret AS Secret,
        headers AS Headers, enabled AS Enabled, created_by AS CreatedBy, created_at AS CreatedAt
        FROM webhooks
        """;

    public long Id { get; set; }

    public string? Repository { get; set; }

    public string? Namespace { get; set; }

    public string Url { get; set; } = "";

    public long Actions { get; set; }

    public string Secret { get; set; } = "";

    public string Headers { get; set; } = "";

    public long Enabled { get; set; }

    public string CreatedBy { get; set; } = "";

    public long CreatedAt { get; set; }

    public Webhook ToWebhook() => new(
        Id, Repository, Namespace, Url, (WebhookActions)Actions, Secret, Headers, Enabled == 1, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
}
