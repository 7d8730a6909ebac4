namespace Wharf.Server.Api.Webhooks;

/// <summary>Body of <c>PATCH /api/v1/webhooks/{id}</c>: each field given replaces the current value (headers as a whole).</summary>
internal sealed record WebhookUpdate(string? Url, IReadOnlyList<string>? Actions, Dictionary<string, string>? Headers, bool? Enabled);
