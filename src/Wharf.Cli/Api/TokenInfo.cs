namespace Wharf.Cli.Api;

/// <summary>One of the caller's tokens as <c>GET /api/v1/user/tokens</c> lists it: never its secret.</summary>
internal sealed record TokenInfo(
    long Id,
    string Name,
    string Kind,
    string? Scope,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
