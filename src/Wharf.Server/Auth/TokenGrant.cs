namespace Wharf.Server.Auth;

/// <summary>How a token request proves who is asking.</summary>
public enum TokenGrant
{
    /// <summary>No credentials: a GET without <c>Authorization</c>. Gets what anonymous callers may do.</summary>
    Anonymous,

    /// <summary>A user name and a password or personal access token: HTTP Basic on GET, <c>grant_type=password</c>
    /// on POST.</summary>
    Password,

    /// <summary>A refresh token from an earlier <c>offline_token=true</c> / <c>access_type=offline</c> request:
    /// <c>grant_type=refresh_token</c> on POST.</summary>
    RefreshToken,
}
