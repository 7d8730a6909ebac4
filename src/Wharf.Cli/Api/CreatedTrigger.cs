namespace Wharf.Cli.Api;

/// <summary>A new trigger and its webhook secret, which the server shows this once.</summary>
internal sealed record CreatedTrigger(TriggerInfo Trigger, string WebhookSecret);
