namespace Wharf.Cli.Api;

/// <summary>A new personal access token; <see cref="Token"/> is the secret, which the server shows only this once.</summary>
internal sealed record CreatedToken(long Id, string Name, string Scope, DateTimeOffset? ExpiresAt, string Token)
{
    // A record prints every property; this one must not reach a log or a message by accident.
    public override string ToString() => $"CreatedToken {{ Id = {Id}, Name = {Name}, secret hidden }}";
}
