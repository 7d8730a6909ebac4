namespace Wharf.Registry.Auth;

public enum LoginOutcome
{
    Success,

    /// <summary>Wrong user name or wrong secret: deliberately the same answer for both.</summary>
    Invalid,

    /// <summary>Too many failures for the account or the client address; not checked, try again later.</summary>
    Throttled,
}
