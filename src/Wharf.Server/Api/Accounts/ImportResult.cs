using Wharf.Registry.Auth;

namespace Wharf.Server.Api.Accounts;

/// <summary>Answer of <c>POST /api/v1/users/import</c>: users created, users whose name was taken already (left as
/// they are), and lines skipped with the reason (never the hash).</summary>
internal sealed record ImportResult(IReadOnlyList<string> Imported, IReadOnlyList<string> Existing, IReadOnlyList<HtpasswdSkippedLine> Skipped);
