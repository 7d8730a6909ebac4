namespace Wharf.Cli.Api;

/// <summary>What <c>POST /api/v1/users/import</c> did with an htpasswd file: users created, names already taken
/// (left as they are) and lines skipped.</summary>
internal sealed record ImportResult(IReadOnlyList<string>? Imported, IReadOnlyList<string>? Existing, IReadOnlyList<ImportSkippedLine>? Skipped);
