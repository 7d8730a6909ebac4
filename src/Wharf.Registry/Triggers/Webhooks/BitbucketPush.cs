using System.Text.Json;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>Bitbucket's pushes. Cloud (<c>X-Event-Key: repo:push</c>, id <c>X-Request-UUID</c>): <c>push.changes[]</c>,
/// each with <c>new</c> (<c>type</c> branch or tag, <c>name</c>, <c>target.hash</c>, <c>target.message</c>), null when
/// the ref was deleted (then <c>old</c> names it). Data Center (<c>repo:refs_changed</c>, id <c>X-Request-Id</c>):
/// <c>changes[]</c> with <c>ref.id</c> (the full ref), <c>toHash</c> and <c>type</c> (DELETE when deleted).</summary>
internal static class BitbucketPush
{
    public static PushNotice Read(WebhookRequest request, JsonElement root)
    {
        var eventKey = request.Header("X-Event-Key");
        var deliveryId = request.Header("X-Request-UUID") ?? request.Header("X-Request-Id");
        var updates = eventKey switch
        {
            "repo:push" => CloudUpdates(root),
            "repo:refs_changed" => DataCenterUpdates(root),
            _ => null,
        };
        return updates is null
            ? new PushNotice(GitHost.Bitbucket, deliveryId, [], $"a {eventKey} event, not a push")
            : new PushNotice(GitHost.Bitbucket, deliveryId, [.. updates.OfType<RefUpdate>()]);
    }

    private static IEnumerable<RefUpdate?> CloudUpdates(JsonElement root)
    {
        if (!root.TryGetProperty("push", out var push) || !push.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a repo:push payload without push.changes");
        }

        foreach (var change in changes.EnumerateArray())
        {
            var deleted = !change.TryGetProperty("new", out var state) || state.ValueKind == JsonValueKind.Null;
            if (deleted && !change.TryGetProperty("old", out state))
            {
                continue;
            }

            var prefix = GitWebhooks.String(state, "type") switch
            {
                "branch" => "refs/heads/",
                "tag" => "refs/tags/",
                _ => null,
            };
            if (prefix is null)
            {
                continue;
            }

            yield return GitWebhooks.Update(prefix + GitWebhooks.String(state, "name"),
                deleted ? null : GitWebhooks.String(state, "target", "hash"), GitWebhooks.String(state, "target", "message"));
        }
    }

    private static IEnumerable<RefUpdate?> DataCenterUpdates(JsonElement root)
    {
        if (!root.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a repo:refs_changed payload without changes");
        }

        foreach (var change in changes.EnumerateArray())
        {
            var deleted = GitWebhooks.String(change, "type") == "DELETE";
            yield return GitWebhooks.Update(GitWebhooks.String(change, "ref", "id"), deleted ? null : GitWebhooks.String(change, "toHash"), null);
        }
    }
}
