namespace Wharf.Cli.Api;

/// <summary>An htpasswd line that was not imported, and why (never its hash).</summary>
internal sealed record ImportSkippedLine(int Line, string? User, string Reason);
