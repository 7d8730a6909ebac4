namespace Wharf.Server.Api.Triggers;

/// <summary>A trigger's credential for a private remote, in a request (never in an answer: a trigger shows only
/// <c>hasCredential</c>): <c>{"token": "…", "username"?: "…"}</c> for an https remote — sent as HTTP Basic, the user
/// name <c>x-access-token</c> unless given (git hosts take any with a token) — or <c>{"sshKey": "-----BEGIN …"}</c>, a
/// private key without a passphrase, for an ssh remote (<c>ssh://…</c> or <c>user@host:path</c>).</summary>
internal sealed record CredentialInput(string? Token = null, string? Username = null, string? SshKey = null);
