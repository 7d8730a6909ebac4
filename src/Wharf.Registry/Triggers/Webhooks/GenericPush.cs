using System.Text.Json;

namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>The generic form, for a host or script Wharf does not know: <c>{"ref": "refs/heads/main", "after": "SHA"}</c>
/// with <c>X-Wharf-Token</c>. <c>after</c> may be left out (the worker builds what the ref points at when it clones);
/// <c>message</c> is optional; the delivery id is the <c>X-Delivery-Id</c> header or the body's <c>id</c>.</summary>
internal static class GenericPush
{
    public static PushNotice Read(WebhookRequest request, JsonElement root)
    {
        var deliveryId = request.Header("X-Delivery-Id") ?? GitWebhooks.String(root, "id");
        var fullRef = GitWebhooks.String(root, "ref") ?? throw new FormatException("the body needs \"ref\": a full ref such as refs/heads/main");
        if (GitRef.Parse(fullRef) is null)
        {
            throw new FormatException($"\"{fullRef}\" is not a branch or tag ref (refs/heads/NAME or refs/tags/NAME)");
        }

        var after = GitWebhooks.String(root, "after");
        var message = GitWebhooks.String(root, "message");
        var update = after is null or ""
            ? new RefUpdate(GitRef.Parse(fullRef)!, null, message)
            : GitWebhooks.Update(fullRef, after, message);
        return new PushNotice(GitHost.Generic, deliveryId, [update!]);
    }
}
