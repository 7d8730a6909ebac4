namespace Wharf.Server.Api.Webhooks;

/// <summary>Body of <c>POST /api/v1/webhooks</c>: exactly one of a repository and a namespace, the receiver's URL, the
/// actions it is sent (default push, delete and build; pull only when asked), extra headers, and whether it starts
/// enabled (default yes).</summary>
internal sealed record WebhookCreation(
    string? Repository, string? Namespace, string? Url, IReadOnlyList<string>? Actions, Dictionary<string, string>? Headers, bool? Enabled);
