using System.Data.Common;
using Dapper;
using Wharf.Registry.Metadata;

namespace Wharf.Registry.Notifications;

/// <summary>Webhooks in the metadata database (decision 022), shared by every node: the endpoints (this file), their
/// delivery logs (<c>SqlWebhookStore.Log.cs</c>) and the queue the delivery services claim from
/// (<c>SqlWebhookStore.Queue.cs</c>). Events get into the queue through <see cref="NotificationOutbox"/>, in the
/// transaction of the change they report. The store persists; <see cref="WebhookService"/> checks and seals.</summary>
public sealed partial class SqlWebhookStore(SqlDatabase database, TimeProvider time)
{
    /// <summary>Adds a webhook whose secret and headers are already sealed.</summary>
    public async Task<Webhook> CreateAsync(WebhookSpec spec, string sealedSecret, string sealedHeaders, string createdBy, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO webhooks (repository, namespace, url, actions, secret, headers, enabled, created_by, created_at)
            VALUES (@Repository, @Namespace, @Url, @actions, @sealedSecret, @sealedHeaders, @enabled, @createdBy, @now)
            RETURNING id
            """,
            new
            {
                spec.Repository, spec.Namespace, spec.Url, actions = (int)spec.Actions, sealedSecret, sealedHeaders,
                enabled = spec.Enabled ? 1 : 0, createdBy, now = Now(),
            });
        return await FindAsync(c, null, id) ?? throw new InvalidOperationException($"webhook {id} vanished as it was created");
    }

    /// <summary>The webhook, or null when there is none of that id.</summary>
    public async Task<Webhook?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await FindAsync(c, null, id);
    }

    /// <summary>The webhooks of exactly one repository or one namespace (the other null), oldest first.</summary>
    public async Task<IReadOnlyList<Webhook>> ListAsync(string? repository, string? space, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<WebhookRow>(
            $"SELECT {WebhookRow.Columns} WHERE {(repository is not null ? "repository = @repository" : "namespace = @space")} ORDER BY id",
            new { repository, space });
        return [.. rows.Select(r => r.ToWebhook())];
    }

    /// <summary>Applies <paramref name="change"/> (its headers already sealed as <paramref name="sealedHeaders"/>) in one
    /// transaction; disabling fails the webhook's pending deliveries there too, so nothing more is sent to it. Null when
    /// there is no such webhook.</summary>
    public async Task<Webhook?> UpdateAsync(long id, WebhookChange change, string? sealedHeaders, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var updated = await c.ExecuteAsync(
            """
            UPDATE webhooks SET url = COALESCE(@Url, url), actions = COALESCE(@actions, actions),
                                headers = COALESCE(@sealedHeaders, headers), enabled = COALESCE(@enabled, enabled)
            WHERE id = @id
            """,
            new { id, change.Url, actions = (int?)change.Actions, sealedHeaders, enabled = change.Enabled is { } e ? e ? 1 : 0 : (int?)null }, tx);
        if (updated == 0)
        {
            return null;
        }

        if (change.Enabled == false)
        {
            var now = Now();
            await c.ExecuteAsync(
                """
                UPDATE webhook_deliveries SET state = 'failed', error = 'the webhook was disabled', finished_at = @now, claim_id = NULL
                WHERE webhook_id = @id AND state = 'pending'
                """,
                new { id, now }, tx);
        }

        var webhook = await FindAsync(c, tx, id);
        await tx.CommitAsync(ct);
        return webhook;
    }

    /// <summary>Replaces the sealed secret; false when there is no such webhook.</summary>
    public async Task<bool> ReplaceSecretAsync(long id, string sealedSecret, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE webhooks SET secret = @sealedSecret WHERE id = @id", new { id, sealedSecret }) > 0;
    }

    /// <summary>Deletes a webhook with its deliveries (the foreign key cascades); false when there was none.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var deleted = await c.ExecuteAsync("DELETE FROM webhooks WHERE id = @id", new { id }, tx) > 0;
        await DeleteUnreferencedEventsAsync(c, tx);
        await tx.CommitAsync(ct);
        return deleted;
    }

    /// <summary>The repositories and namespaces some enabled webhook wants pulls of: pulls are recorded only there.</summary>
    public async Task<PullScopes> ListPullScopesAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string? Repository, string? Namespace)>(
            "SELECT repository, namespace FROM webhooks WHERE enabled = 1 AND (actions & @pull) <> 0", new { pull = (int)WebhookActions.Pull });
        return new PullScopes(
            rows.Where(r => r.Repository is not null).Select(r => r.Repository!).ToHashSet(StringComparer.Ordinal),
            rows.Where(r => r.Namespace is not null).Select(r => r.Namespace!).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<Webhook?> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QuerySingleOrDefaultAsync<WebhookRow>($"SELECT {WebhookRow.Columns} WHERE id = @id", new { id }, tx))?.ToWebhook();

    private static Task<int> DeleteUnreferencedEventsAsync(DbConnection c, DbTransaction tx) =>
        c.ExecuteAsync("DELETE FROM webhook_events WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)", transaction: tx);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
