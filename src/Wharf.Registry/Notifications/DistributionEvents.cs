using System.Text.Json;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Events;
using Wharf.Registry.Notifications.Wire;

namespace Wharf.Registry.Notifications;

/// <summary>A registry event as an outbox entry in the shape of Distribution's notifications, so receivers written for
/// Distribution (or Harbor's and GitLab's readers of it) read Wharf's as they are.</summary>
public static class DistributionEvents
{
    /// <summary>The media type of the envelope Wharf posts: Distribution 2.x's, which its receivers expect.</summary>
    public const string EnvelopeMediaType = "application/vnd.docker.distribution.events.v1+json";

    public static OutboxEvent From(RegistryEvent e, DateTimeOffset at)
    {
        var id = Guid.NewGuid().ToString();
        var payload = JsonSerializer.Serialize(
            new DistributionEvent(id, at.UtcDateTime, e.Action, Target(e), Request(e.Actor), new EventActor(e.Actor.Name.Length > 0 ? e.Actor.Name : null),
                new EventSource(NotificationSource.Address, NotificationSource.InstanceId)),
            NotificationJson.Default.DistributionEvent);
        return new OutboxEvent(id, e.Action, e.Repository, payload, at);
    }

    private static EventTarget Target(RegistryEvent e)
    {
        var byDigest = Digest.TryParse(e.Reference, out var named);
        var tag = byDigest ? null : e.Reference;
        if (e.Action == AuditActions.Delete)
        {
            // Distribution's delete events carry only what was deleted: the digest, or the tag.
            return new EventTarget(null, null, byDigest ? named.ToString() : null, null, e.Repository, null, tag);
        }

        var digest = e.Digest?.ToString();
        var url = e.Actor.Request is { } request && digest is not null ? $"{request.BaseUrl}/v2/{e.Repository}/manifests/{digest}" : null;
        return new EventTarget(e.MediaType, e.Size, digest, e.Size, e.Repository, url, tag);
    }

    private static EventRequest? Request(RegistryActor actor) =>
        actor.Request is { } r ? new EventRequest(r.Id, actor.ClientAddress, r.Host, r.Method, r.UserAgent) : null;
}
