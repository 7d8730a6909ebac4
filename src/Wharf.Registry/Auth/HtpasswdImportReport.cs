namespace Wharf.Registry.Auth;

/// <summary>What an htpasswd import did: users created, users whose name was already taken (left as they are), and
/// lines skipped.</summary>
public sealed record HtpasswdImportReport(IReadOnlyList<string> Created, IReadOnlyList<string> Existing, IReadOnlyList<HtpasswdSkippedLine> Skipped);
