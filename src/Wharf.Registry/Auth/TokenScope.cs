namespace Wharf.Registry.Auth;

/// <summary>What a personal access token or robot token may do at most: its owner's rights, capped.</summary>
public enum TokenScope
{
    /// <summary>Pull only.</summary>
    Read,

    /// <summary>Pull and push.</summary>
    ReadWrite,

    /// <summary>Pull, push and delete.</summary>
    Delete,
}
