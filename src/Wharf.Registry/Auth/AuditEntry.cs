namespace Wharf.Registry.Auth;

/// <summary>An audit event not yet appended: stamped when it happened, which for a pull recorded in the background
/// is earlier than when it reaches the log. Never holds a secret.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail, string? ClientAddress);
