namespace Wharf.Server.Api.Triggers;

/// <summary>The answer to creating a trigger: the trigger and its webhook secret, shown this once (the git host's
/// "secret" or "secret token" field).</summary>
internal sealed record CreatedTrigger(TriggerInfo Trigger, string WebhookSecret);
