namespace Wharf.Registry.Auth;

/// <summary>A line of an htpasswd file that was not imported, and why. Never holds the hash.</summary>
public sealed record HtpasswdSkippedLine(int Line, string User, string Reason);
