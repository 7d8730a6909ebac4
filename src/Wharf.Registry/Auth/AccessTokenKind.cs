namespace Wharf.Registry.Auth;

/// <summary>The random secrets Wharf issues, each shown once and stored as a SHA-256 hash (decision 007).</summary>
public enum AccessTokenKind
{
    /// <summary>A user's personal access token, usable as the password in <c>docker login</c>; always scoped.</summary>
    PersonalAccessToken,

    /// <summary>A robot account's secret, its only credential.</summary>
    RobotSecret,

    /// <summary>An OAuth2 refresh token from the token endpoint (<c>access_type=offline</c>).</summary>
    RefreshToken,
}
