using Dapper;
using AuditRow = (long Id, long At, string Actor, string Action, string Target, string? Detail, string? ClientAddress);

namespace Wharf.Registry.Auth;

/// <summary>The audit log: the append-only half of <see cref="SqlAccountStore"/>.</summary>
public sealed partial class SqlAccountStore
{
    public async Task<AuditEvent> AppendAuditAsync(string actor, string action, string target, string? detail, string? clientAddress, CancellationToken ct)
    {
        var at = Now();
        await using var c = await database.OpenAsync(ct);
        var id = await c.QuerySingleAsync<long>(
            """
            INSERT INTO audit_events (at, actor, action, target, detail, client_address)
            VALUES (@at, @actor, @action, @target, @detail, @clientAddress) RETURNING id
            """,
            new { at, actor, action, target, detail, clientAddress });
        return new AuditEvent(id, AuthColumns.Time(at), actor, action, target, detail, clientAddress);
    }

    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO audit_events (at, actor, action, target, detail, client_address)
            VALUES (@at, @actor, @action, @target, @detail, @clientAddress)
            """,
            entries.Select(e => new { at = AuthColumns.Time(e.At), actor = e.Actor, action = e.Action, target = e.Target, detail = e.Detail, clientAddress = e.ClientAddress }),
            tx);
        await tx.CommitAsync(ct);
    }

    public async Task<int> PurgeAuditAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM audit_events WHERE at < @before", new { before = AuthColumns.Time(before) });
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAuditAsync(AuditQuery query, CancellationToken ct)
    {
        // Only the filters asked for go into the statement, so the planner can use the actor, action or target index.
        var filters = new List<string>();
        AddIf(query.From is not null, "at >= @from");
        AddIf(query.To is not null, "at < @to");
        AddIf(query.Actor is not null, "actor = @actor");
        AddIf(query.Action is not null, "action = @action");
        AddIf(query.Target is not null, "target = @target");
        AddIf(query.Before is not null, "id < @before");
        var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<AuditRow>(
            $"SELECT id, at, actor, action, target, detail, client_address FROM audit_events {where} ORDER BY id DESC LIMIT @limit",
            new
            {
                from = AuthColumns.Time(query.From), to = AuthColumns.Time(query.To), actor = query.Actor, action = query.Action, target = query.Target,
                before = query.Before, limit = Math.Clamp(query.Limit, 1, 1000),
            });
        return [.. rows.Select(r => new AuditEvent(r.Id, AuthColumns.Time(r.At), r.Actor, r.Action, r.Target, r.Detail, r.ClientAddress))];

        void AddIf(bool condition, string filter)
        {
            if (condition)
            {
                filters.Add(filter);
            }
        }
    }
}
