namespace Wharf.Bench.Tokens;

/// <summary>The figures of one kind of token request on one target.</summary>
/// <param name="Rate">Requests per second answered as expected (a token, or for the wrong password a refusal).</param>
/// <param name="P50Ms">Median latency of those, ms.</param>
/// <param name="P99Ms">99th percentile latency of those, ms.</param>
/// <param name="CpuMicros">The server's CPU time (user + system) per request answered, µs; null when its pid is unknown.</param>
/// <param name="Statuses">"200 ×1234", "401 ×12, 429 ×3400": every answer by status, transport errors included.</param>
/// <param name="Errors">Answers that were not what the kind expects.</param>
/// <param name="Profile">The server's database and storage operations per request (<see cref="OperationProfile"/>).</param>
/// <param name="Failure">Why there is no figure, or null.</param>
internal sealed record TokenResult(string Target, TokenKind Kind, double? Rate, double P50Ms, double P99Ms, double? CpuMicros,
    string Statuses, int Errors, string Profile, string? Failure = null)
{
    public static TokenResult Failed(string target, TokenKind kind, string reason) => new(target, kind, null, 0, 0, null, "", 0, "", reason);
}
