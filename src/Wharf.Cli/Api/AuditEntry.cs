namespace Wharf.Cli.Api;

/// <summary>One line of the audit log; <see cref="Actor"/> is empty for a failed login by an unknown name.</summary>
internal sealed record AuditEntry(long Id, DateTimeOffset At, string? Actor, string Action, string? Target, string? Detail, string? ClientAddress);
