using System.Text.Json;
using Wharf.Registry.Builds;
using Wharf.Registry.Notifications.Wire;

namespace Wharf.Registry.Notifications;

/// <summary>A build that ended as an outbox entry: the document of docs/api.md ("Outgoing notifications").</summary>
public static class BuildEvents
{
    public static OutboxEvent From(BuildRecord build, DateTimeOffset at)
    {
        var id = Guid.NewGuid().ToString();
        var payload = JsonSerializer.Serialize(
            new BuildEvent(id, at.UtcDateTime, WebhookActionWords.Build, Describe(build), new EventSource(NotificationSource.Address, NotificationSource.InstanceId)),
            NotificationJson.Default.BuildEvent);
        return new OutboxEvent(id, WebhookActionWords.Build, build.Spec.Repository, payload, at);
    }

    private static BuildEventBuild Describe(BuildRecord b) => new(
        b.Id,
        b.Spec.Repository,
        b.Spec.Tags,
        BuildStates.Word(b.State),
        b.ManifestDigest?.ToString(),
        b.Error,
        b.Spec.RequestedBy,
        b.CreatedAt.UtcDateTime,
        b.StartedAt?.UtcDateTime,
        b.FinishedAt?.UtcDateTime,
        b.Spec.TriggerId,
        b.Spec.Reason,
        b.Spec.SourceRef ?? b.Spec.Git?.Ref,
        b.GitCommit);
}
