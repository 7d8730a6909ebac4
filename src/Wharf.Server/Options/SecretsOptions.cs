namespace Wharf.Server.Options;

/// <summary>Section <c>Secrets</c>: the key that seals the secrets Wharf keeps readable in the database (a trigger's
/// webhook secret and git credential, decision 023; an outgoing webhook's secret and extra headers, decision 022). <see cref="Key"/> (base64 of 32 bytes, e.g. from
/// <c>openssl rand -base64 32</c>, best given as the environment variable <c>WHARF_Secrets__Key</c>) or a
/// <see cref="KeyFile"/>. Neither on the embedded SQLite default: <c>&lt;DataDirectory&gt;/secret.key</c>, made on first
/// use. Neither with PostgreSQL: no key, since nodes sharing the database must share it — triggers are then refused
/// with a message saying so, rather than sealed under one node's key that the others cannot open.</summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    public string? Key { get; set; }

    public string? KeyFile { get; set; }
}
