namespace Wharf.Cli.Api;

/// <summary>A new webhook (or one with a new secret) and its secret, which the server shows only this once.</summary>
internal sealed record CreatedWebhook(
    long Id,
    string? Repository,
    string? Namespace,
    string Url,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Headers,
    bool Enabled,
    string? CreatedBy,
    DateTimeOffset? CreatedAt,
    string Secret)
{
    // A record prints every property; this one must not reach a log or a message by accident.
    public override string ToString() => $"CreatedWebhook {{ Id = {Id}, secret hidden }}";
}
