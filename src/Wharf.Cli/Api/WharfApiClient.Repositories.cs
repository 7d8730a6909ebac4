namespace Wharf.Cli.Api;

/// <summary>Grants and visibility of repositories, and the audit log.</summary>
internal sealed partial class WharfApiClient
{
    /// <summary>The most audit events the server returns in one page (AuditQuery's limit).</summary>
    private const int AuditPage = 1000;

    public Task<IReadOnlyList<GrantInfo>> ListGrantsAsync(string repository, CancellationToken ct) =>
        GetAsync(Query("permissions", ("repository", repository)), ApiJson.Default.IReadOnlyListGrantInfo, ct);

    /// <summary>Grants to exactly one of <paramref name="account"/> (a user or robot) and <paramref name="team"/> (<c>ORG/TEAM</c>).</summary>
    public Task GrantAsync(string repository, string? account, string? team, string access, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Put, "permissions", Body(("repository", repository), ("account", account), ("team", team), ("access", access)), ct);

    public Task RevokeAsync(string repository, string? account, string? team, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Query("permissions", ("repository", repository), ("account", account), ("team", team)), null, ct);

    public Task<VisibilityInfo> GetVisibilityAsync(string repository, CancellationToken ct) =>
        GetAsync(Query("visibility", ("repository", repository)), ApiJson.Default.VisibilityInfo, ct);

    public Task<VisibilityInfo> SetVisibilityAsync(string repository, bool isPublic, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, "visibility", Body(("repository", repository), ("public", isPublic)), ApiJson.Default.VisibilityInfo, ct);

    /// <summary>Up to <paramref name="limit"/> audit events, newest first, paging with the last id seen.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(
        string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken ct)
    {
        var events = new List<AuditEntry>();
        long? before = null;
        while (events.Count < limit)
        {
            var wanted = Math.Min(limit - events.Count, AuditPage);
            var page = await GetAsync(Query(
                "audit", ("actor", actor), ("action", action), ("from", Time(from)), ("to", Time(to)), ("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("limit", wanted.ToString(System.Globalization.CultureInfo.InvariantCulture))), ApiJson.Default.IReadOnlyListAuditEntry, ct);
            events.AddRange(page.Take(wanted));
            // A short page is the end; a server that ignored `before` would otherwise repeat a page for ever.
            if (page.Count < wanted || page[^1].Id == before)
            {
                break;
            }

            before = page[^1].Id;
        }

        return events;
    }

    private static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
