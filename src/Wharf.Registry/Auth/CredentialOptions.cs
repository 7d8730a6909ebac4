using System.ComponentModel.DataAnnotations;

namespace Wharf.Registry.Auth;

/// <summary>Section <c>Auth:Credentials</c>: how failed logins are throttled (per account name and per client
/// address) and how long refresh tokens live.</summary>
public sealed class CredentialOptions
{
    public const string Section = "Auth:Credentials";

    /// <summary>Failures within <see cref="FailureWindow"/> that start a block.</summary>
    [Range(1, 1000)]
    public int MaxFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first block's length; each further block in a row doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FirstBlock { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest block: an attacker can hold up a real user's login by at most this at a time, never lock
    /// the account for good.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBlock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an OAuth2 refresh token (<c>access_type=offline</c>) stays valid; then the client logs in again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);
}
