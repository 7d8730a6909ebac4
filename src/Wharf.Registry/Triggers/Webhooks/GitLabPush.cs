using System.Text.Json;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>GitLab's <c>Push Hook</c> and <c>Tag Push Hook</c>: <c>ref</c>, <c>after</c> (zeros when deleted),
/// <c>checkout_sha</c>, and <c>commits</c>, whose entry for that commit has the message. The delivery id is
/// <c>Idempotency-Key</c> (GitLab 17.4+, the same on a retry), else <c>X-Gitlab-Event-UUID</c>.</summary>
internal static class GitLabPush
{
    public static PushNotice Read(WebhookRequest request, JsonElement root)
    {
        var eventName = request.Header("X-Gitlab-Event");
        var deliveryId = request.Header("Idempotency-Key") ?? request.Header("X-Gitlab-Event-UUID");
        if (eventName is not ("Push Hook" or "Tag Push Hook"))
        {
            return new PushNotice(GitHost.GitLab, deliveryId, [], $"a {eventName} event, not a push");
        }

        var after = GitWebhooks.String(root, "after");
        var update = GitWebhooks.Update(GitWebhooks.String(root, "ref"), after, MessageOf(root, after));
        return new PushNotice(GitHost.GitLab, deliveryId, update is null ? [] : [update]);
    }

    private static string? MessageOf(JsonElement root, string? commit)
    {
        if (!root.TryGetProperty("commits", out var commits) || commits.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return commits.EnumerateArray()
            .Where(c => string.Equals(GitWebhooks.String(c, "id"), commit, StringComparison.OrdinalIgnoreCase))
            .Select(c => GitWebhooks.String(c, "message"))
            .FirstOrDefault();
    }
}
