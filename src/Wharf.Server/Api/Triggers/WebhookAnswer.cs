namespace Wharf.Server.Api.Triggers;

/// <summary>The answer to a webhook delivery (git hosts show it in their delivery log): what it led to, or why nothing.</summary>
internal sealed record WebhookAnswer(string? Delivery, string? Ignored, IReadOnlyList<TriggeredBuildInfo> Builds);
