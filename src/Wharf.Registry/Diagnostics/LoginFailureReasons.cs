namespace Wharf.Registry.Diagnostics;

/// <summary>The values of the <c>reason</c> tag of <c>wharf.login.failures</c>.</summary>
public static class LoginFailureReasons
{
    /// <summary>Unknown account, or a wrong password or token: one answer to the caller, one reason here.</summary>
    public const string BadCredentials = "bad_credentials";

    /// <summary>Refused unchecked: the account or the client address is blocked after repeated failures.</summary>
    public const string Throttled = "throttled";

    /// <summary>The account (or its organisation) exists but is disabled.</summary>
    public const string Disabled = "disabled";
}
