using System.Data.Common;
using Dapper;
using Wharf.Registry.Auth;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Notifications;

/// <summary>Writes an event into the outbox inside the caller's transaction — the one that makes the change the event
/// reports (a manifest put or delete in <c>SqlMetadataStore</c>, a build's end in <c>SqlBuildStore</c>) — so the event
/// exists exactly when the change does: a crash loses neither, a rolled-back change leaves no event. It is fanned out
/// there and then into one pending delivery per enabled endpoint that wants it (of the repository, or of its
/// namespace); when none does, nothing is written and the change costs one indexed query more (decision 022).</summary>
public static class NotificationOutbox
{
    /// <summary>Returns how many deliveries were queued (0: no endpoint wants the event, and nothing was written).</summary>
    public static async Task<int> AppendAsync(SqlDatabase database, DbConnection c, DbTransaction tx, OutboxEvent e)
    {
        var action = WebhookActionWords.Parse(e.Action) ?? throw new ArgumentException($"'{e.Action}' is not a webhook action", nameof(e));
        var webhooks = (await c.QueryAsync<long>(
            $"""
            SELECT id FROM webhooks
            WHERE enabled = 1 AND (actions & @action) <> 0 AND (repository = @repository OR namespace = @space)
            {database.ForKeyShare}
            """,
            new { action = (int)action, repository = e.Repository, space = AccessPolicy.NamespaceOf(e.Repository) }, tx)).AsList();
        if (webhooks.Count == 0)
        {
            return 0;
        }

        var at = e.At.ToUnixTimeMilliseconds();
        var eventId = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO webhook_events (event_id, action, repository, payload, created_at)
            VALUES (@EventId, @Action, @Repository, @Payload, @at)
            RETURNING id
            """,
            new { e.EventId, e.Action, e.Repository, e.Payload, at }, tx);
        return await c.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (webhook_id, event_id, state, next_attempt_at, created_at)
            VALUES (@webhook, @eventId, 'pending', @at, @at)
            """,
            webhooks.Select(webhook => new { webhook, eventId, at }), tx);
    }
}
