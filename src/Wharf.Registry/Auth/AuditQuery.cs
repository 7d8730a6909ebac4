namespace Wharf.Registry.Auth;

/// <summary>A page of the audit log, newest first. Every filter is optional.</summary>
/// <param name="From">Events at or after this time.</param>
/// <param name="To">Events before this time.</param>
/// <param name="Before">Paging cursor: events with a smaller id than this (the last id of the previous page).</param>
/// <param name="Limit">At most this many (1–1000).</param>
/// <param name="Target">Events that acted on exactly this (a repository, an account, <c>org/team</c>).</param>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Actor = null,
    string? Action = null,
    long? Before = null,
    int Limit = 100,
    string? Target = null);
