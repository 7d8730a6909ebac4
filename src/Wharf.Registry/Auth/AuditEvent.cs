namespace Wharf.Registry.Auth;

/// <summary>One entry of the audit log: who did what to what, when, from where. Never holds a secret.</summary>
/// <param name="Id">Increasing in append order; the paging cursor.</param>
/// <param name="Actor">The account name, or what was typed as one for a failed login; empty for anonymous.</param>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="Target">What it was done to: a repository, an account, a team (<c>org/team</c>), a token.</param>
public sealed record AuditEvent(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Target,
    string? Detail,
    string? ClientAddress);
