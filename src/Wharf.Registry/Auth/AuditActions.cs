namespace Wharf.Registry.Auth;

/// <summary>The audit log's action words. Plain strings in the database, so new ones need no migration.</summary>
public static class AuditActions
{
    public const string Login = "login";
    public const string LoginFailed = "login.failed";
    public const string LoginThrottled = "login.throttled";
    public const string Push = "push";
    public const string Pull = "pull";
    public const string Delete = "delete";
    public const string AccountCreated = "account.created";
    public const string AccountDeleted = "account.deleted";
    public const string AccountChanged = "account.changed";
    public const string TeamChanged = "team.changed";
    public const string PermissionChanged = "permission.changed";
    public const string VisibilityChanged = "visibility.changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string BuildSubmitted = "build.submitted";
    public const string BuildCancelled = "build.cancelled";
    public const string TriggerCreated = "trigger.created";
    public const string TriggerChanged = "trigger.changed";
    public const string TriggerDeleted = "trigger.deleted";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookChanged = "webhook.changed";
    public const string WebhookDeleted = "webhook.deleted";
}
