namespace Wharf.Server.Api.Triggers;

/// <summary>The body of "build now": a branch or tag (<c>refs/heads/NAME</c>, <c>refs/tags/NAME</c>, or a bare name,
/// taken as a branch), and optionally the commit to build (default: what the ref points at when a worker fetches it).</summary>
internal sealed record BuildNowRequest(string? Ref, string? Commit = null);
