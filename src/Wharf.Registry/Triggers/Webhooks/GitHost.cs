namespace Wharf.Registry.Triggers.Webhooks;

/// <summary>Who sent a push webhook, told by the headers each host always sends (<see cref="WebhookRequest.Host"/>).</summary>
public enum GitHost
{
    GitHub,
    GitLab,
    Gitea,
    Bitbucket,
    Generic,
}
