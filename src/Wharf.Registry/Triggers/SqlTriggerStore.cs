using System.Data.Common;
using System.Text.Json;
using Dapper;
using Wharf.Registry.Metadata;
using Wharf.Registry.Secrets;

namespace Wharf.Registry.Triggers;

/// <summary>Build triggers in the metadata database (migration 012, decision 023), shared by every node: what a webhook
/// or a "build now" needs to find a trigger and its rules, the sealed secrets opened only for the one who needs them,
/// and the deliveries already acted on (a build's outcome counts toward turning its trigger off where the build ends,
/// <c>SqlBuildStore.FinishAsync</c>). Same SQL on SQLite and PostgreSQL.</summary>
public sealed class SqlTriggerStore(SqlDatabase database, TimeProvider time)
{
    private const string WebhookPurpose = "trigger-webhook-secret";
    private const string CredentialPurpose = "trigger-credential";

    private const string Columns =
        """
        id AS Id, repository AS Repository, git_url AS GitUrl, rules AS Rules, enabled AS Enabled,
        disable_after_failures AS DisableAfterFailures, consecutive_failures AS ConsecutiveFailures,
        credential IS NOT NULL AS HasCredential, poll_interval_seconds AS PollIntervalSeconds, registry_host AS RegistryHost,
        created_by AS CreatedBy, created_at AS CreatedAt
        FROM build_triggers
        """;

    public async Task<BuildTrigger> CreateAsync(NewTrigger trigger, SecretBox secrets, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(
            """
            INSERT INTO build_triggers (repository, git_url, rules, webhook_secret, credential, disable_after_failures,
                                        poll_interval_seconds, registry_host, created_by, created_at)
            VALUES (@Repository, @GitUrl, @rules, @webhookSecret, @credential, @DisableAfterFailures,
                    @pollSeconds, @RegistryHost, @CreatedBy, @now)
            RETURNING id
            """,
            new
            {
                trigger.Repository,
                trigger.GitUrl,
                rules = StoredRule.Serialize(trigger.Rules),
                webhookSecret = secrets.Seal(trigger.WebhookSecret, WebhookPurpose),
                credential = trigger.Credential is null ? null : secrets.Seal(trigger.Credential, CredentialPurpose),
                trigger.DisableAfterFailures,
                pollSeconds = trigger.PollInterval is { } poll ? (long?)Math.Max(1, (long)poll.TotalSeconds) : null,
                trigger.RegistryHost,
                trigger.CreatedBy,
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
            });
        return await FindAsync(c, id) ?? throw new InvalidOperationException($"trigger {id} vanished as it was made");
    }

    public async Task<BuildTrigger?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await FindAsync(c, id);
    }

    public async Task<IReadOnlyList<BuildTrigger>> ListAsync(string repository, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<TriggerRow>($"SELECT {Columns} WHERE repository = @repository ORDER BY id", new { repository });
        return [.. rows.Select(r => r.ToTrigger())];
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM build_triggers WHERE id = @id", new { id }) > 0;
    }

    /// <summary>Turns a trigger on (its failure count starting again) or off; false when there is no such trigger.</summary>
    public async Task<bool> SetEnabledAsync(long id, bool enabled, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "UPDATE build_triggers SET enabled = @enabled, consecutive_failures = CASE WHEN @enabled = 1 THEN 0 ELSE consecutive_failures END WHERE id = @id",
            new { id, enabled = enabled ? 1 : 0 }) > 0;
    }

    /// <summary>The webhook secret, opened; null when the trigger is gone.</summary>
    public async Task<string?> GetWebhookSecretAsync(long id, SecretBox secrets, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var sealedValue = await c.QuerySingleOrDefaultAsync<string?>("SELECT webhook_secret FROM build_triggers WHERE id = @id", new { id });
        return sealedValue is null ? null : secrets.Open(sealedValue, WebhookPurpose);
    }

    /// <summary>The credential for the remote, opened; null when there is none.</summary>
    public async Task<string?> GetCredentialAsync(long id, SecretBox secrets, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var sealedValue = await c.QuerySingleOrDefaultAsync<string?>("SELECT credential FROM build_triggers WHERE id = @id", new { id });
        return sealedValue is null ? null : secrets.Open(sealedValue, CredentialPurpose);
    }

    /// <summary>Sets, replaces or (with null) removes the credential for the remote, sealed; false when there is no such
    /// trigger.</summary>
    public async Task<bool> SetCredentialAsync(long id, string? credential, SecretBox secrets, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync(
            "UPDATE build_triggers SET credential = @credential WHERE id = @id",
            new { id, credential = credential is null ? null : secrets.Seal(credential, CredentialPurpose) }) > 0;
    }

    /// <summary>Records a webhook delivery; false when it was recorded before (a redelivery or a replay: act on it once).</summary>
    public async Task<bool> RecordDeliveryAsync(long triggerId, string deliveryId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var sql = database.Dialect == SqlDialect.Postgres
            ? "INSERT INTO trigger_deliveries (trigger_id, delivery_id, received_at) VALUES (@triggerId, @deliveryId, @now) ON CONFLICT DO NOTHING"
            : "INSERT OR IGNORE INTO trigger_deliveries (trigger_id, delivery_id, received_at) VALUES (@triggerId, @deliveryId, @now)";
        return await c.ExecuteAsync(sql, new { triggerId, deliveryId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }) > 0;
    }

    /// <summary>Claims triggers whose poll is due (enabled, with an interval, last polled longer ago than it) for this
    /// node: each claim moves <c>polled_at</c> on with a conditional update, so two nodes never poll one trigger for the
    /// same interval. Returns each with the refs its last poll saw (null: never polled).</summary>
    public async Task<IReadOnlyList<(BuildTrigger Trigger, IReadOnlyDictionary<string, string>? Refs)>> ClaimDuePollsAsync(int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = (await c.QueryAsync<(long Id, long? PolledAt, string? Refs)>(
            """
            SELECT id, polled_at, polled_refs FROM build_triggers
            WHERE enabled = 1 AND poll_interval_seconds IS NOT NULL AND (polled_at IS NULL OR polled_at + poll_interval_seconds * 1000 <= @now)
            ORDER BY COALESCE(polled_at, 0), id LIMIT @limit
            """, new { now, limit })).AsList();
        var claimed = new List<(BuildTrigger, IReadOnlyDictionary<string, string>?)>();
        foreach (var (id, polledAt, refs) in due)
        {
            var taken = polledAt is { } previous
                ? await c.ExecuteAsync("UPDATE build_triggers SET polled_at = @now WHERE id = @id AND polled_at = @previous", new { id, now, previous }) > 0
                : await c.ExecuteAsync("UPDATE build_triggers SET polled_at = @now WHERE id = @id AND polled_at IS NULL", new { id, now }) > 0;
            if (taken && await FindAsync(c, id) is { } trigger)
            {
                claimed.Add((trigger, refs is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(refs)));
            }
        }

        return claimed;
    }

    /// <summary>Keeps the refs a poll saw, for the next poll to compare with.</summary>
    public async Task SavePolledRefsAsync(long id, IReadOnlyDictionary<string, string> refs, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE build_triggers SET polled_refs = @refs WHERE id = @id", new { id, refs = JsonSerializer.Serialize(refs) });
    }

    private static async Task<BuildTrigger?> FindAsync(DbConnection c, long id) =>
        (await c.QuerySingleOrDefaultAsync<TriggerRow>($"SELECT {Columns} WHERE id = @id", new { id }))?.ToTrigger();

    private sealed class TriggerRow
    {
        public long Id { get; set; }

        public string Repository { get; set; } = "";

        public string GitUrl { get; set; } = "";

        public string Rules { get; set; } = "[]";

        public long Enabled { get; set; }

        public long DisableAfterFailures { get; set; }

        public long ConsecutiveFailures { get; set; }

        public bool HasCredential { get; set; }

        public long? PollIntervalSeconds { get; set; }

        public string? RegistryHost { get; set; }

        public string CreatedBy { get; set; } = "";

        public long CreatedAt { get; set; }

        public BuildTrigger ToTrigger() => new(Id, Repository, GitUrl, StoredRule.Deserialize(Rules), Enabled == 1,
            (int)DisableAfterFailures, (int)ConsecutiveFailures, HasCredential,
            PollIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, RegistryHost, CreatedBy, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
