using System.Text.Json;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>GitHub's push event, which Gitea and Forgejo send in the same shape: <c>ref</c>, <c>after</c> (zeros when the
/// ref was deleted; GitHub also says <c>deleted: true</c>), <c>head_commit.message</c> (older Gitea: the last of
/// <c>commits</c>). Any other event (GitHub's <c>ping</c> when the hook is made, Gitea's <c>create</c>/<c>delete</c>)
/// builds nothing.</summary>
internal static class GitHubPush
{
    public static PushNotice Read(WebhookRequest request, JsonElement root, string? eventName, string? deliveryId, GitHost host)
    {
        if (!string.Equals(eventName, "push", StringComparison.OrdinalIgnoreCase))
        {
            return new PushNotice(host, deliveryId, [], $"a {eventName ?? "non-push"} event, not a push");
        }

        var deleted = root.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True;
        var after = deleted ? null : GitWebhooks.String(root, "after");
        var message = GitWebhooks.String(root, "head_commit", "message") ?? LastCommitMessage(root);
        var update = GitWebhooks.Update(GitWebhooks.String(root, "ref"), after, message);
        return new PushNotice(host, deliveryId, update is null ? [] : [update]);
    }

    private static string? LastCommitMessage(JsonElement root) =>
        root.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array && commits.GetArrayLength() > 0
            ? GitWebhooks.String(commits[commits.GetArrayLength() - 1], "message")
            : null;
}
