namespace Wharf.Server.Auth;

/// <summary>A token request refused, with the OAuth2 error code (RFC 6749 §5.2) and HTTP status it is answered with.
/// The message is the <c>error_description</c>: it never holds a credential.</summary>
public sealed class TokenRequestException : Exception
{
    public TokenRequestException()
        : this("invalid_request", "invalid token request", 400)
    {
    }

    public TokenRequestException(string message)
        : this("invalid_request", message, 400)
    {
    }

    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = "invalid_request";
        Status = 400;
    }

    private TokenRequestException(string error, string description, int status, TimeSpan? retryAfter = null)
        : base(description)
    {
        Error = error;
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary><c>invalid_request</c>, <c>invalid_scope</c>, <c>unsupported_grant_type</c> or <c>invalid_grant</c>.</summary>
    public string Error { get; }

    /// <summary>400 for a malformed request, 401 for credentials that are wrong, 429 while logins are paused.</summary>
    public int Status { get; }

    /// <summary>With a 429: when logins for the account and address will be checked again.</summary>
    public TimeSpan? RetryAfter { get; }

    public static TokenRequestException InvalidRequest(string description) => new("invalid_request", description, 400);

    public static TokenRequestException InvalidScope(string description) => new("invalid_scope", description, 400);

    public static TokenRequestException UnsupportedGrantType(string description) => new("unsupported_grant_type", description, 400);

    /// <summary>Wrong user name, password, personal access token or refresh token: 401, as token.md asks.</summary>
    public static TokenRequestException InvalidGrant(string description) => new("invalid_grant", description, 401);

    /// <summary>Logins for this account or address are paused after repeated failures (<c>LoginThrottle</c>): 429 with
    /// <c>Retry-After</c>, and a description that says so and when, because the credentials were not even checked and
    /// may well be right (answering "invalid username or password" sent users with the right password astray).</summary>
    public static TokenRequestException Throttled(TimeSpan retryAfter) =>
        new("invalid_grant", $"too many failed logins for this account or address; logins are paused, try again in {RetryWait.Describe(retryAfter)}", 429, retryAfter);
}
