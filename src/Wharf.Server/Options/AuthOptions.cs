using System.ComponentModel.DataAnnotations;

namespace Wharf.Server.Options;

/// <summary>Section <c>Auth</c>: accounts and Docker token authentication (decision 007).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Require access tokens on <c>/v2/</c>, serve <c>/auth/token</c> and the accounts API. Off only for a
    /// registry that anyone who can reach it may push to (a throwaway cache, a test).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>service</c> of challenges and the <c>aud</c> of every token: a token for another service is
    /// refused. Printable ASCII without quotes, backslashes or spaces, since it goes into a quoted header value.</summary>
    [Required]
    [RegularExpression(@"^[!#-\[\]-~]{1,200}\z")]
    public string Service { get; set; } = "wharf";

    /// <summary>The <c>iss</c> of every token; tokens from another issuer are refused.</summary>
    [Required]
    [RegularExpression(@"^[!#-\[\]-~]{1,200}\z")]
    public string Issuer { get; set; } = "wharf";

    /// <summary>How long an access token is valid. token.md: never less than 60 seconds ("for compatibility with
    /// older clients"); short, because a token cannot be revoked before it expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a node re-checks that the account behind an access token is still enabled; its tokens stop
    /// working within this much time of the account being disabled or deleted, whatever their expiry. Zero checks on
    /// every request (one database lookup each).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan AccountRecheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Public repositories are pullable without logging in.</summary>
    public bool AnonymousPull { get; set; } = true;

    /// <summary>The first start's admin password (<c>WHARF_Auth__AdminPassword</c>); generated and printed once when
    /// absent. A secret: never logged, never echoed in a validation message.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The token endpoint's absolute URL for the challenge's <c>realm</c>, for a Wharf behind a proxy that
    /// rewrites hosts; empty means <c>&lt;scheme&gt;://&lt;host&gt;/auth/token</c> of the request.</summary>
    [Url]
    public string? Realm { get; set; }

    /// <summary>How long a signing key is current before the server rotates it (tokens it signed stay valid until they
    /// expire); zero never rotates. Checked hourly; <c>wharf keys rotate</c> rotates now.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan KeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long audit events are kept; zero keeps them forever. Swept hourly. Every manifest pull is an event
    /// (identical ones within half a second folded into one), so a busy registry's log grows by the day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Legacy: where Wharf kept the token signing keys as files before they moved into the database (decision
    /// 008); empty means <c>&lt;DataDirectory&gt;/keys</c>. Its keys are imported once, the first time the database has
    /// none, so tokens signed before an upgrade stay valid; the directory is not used after that.</summary>
    public string? KeysDirectory { get; set; }
}
