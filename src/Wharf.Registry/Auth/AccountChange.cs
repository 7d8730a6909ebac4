namespace Wharf.Registry.Auth;

/// <summary>The outcome of a change to accounts, teams, grants or tokens. Never an exception for bad input: the API
/// maps these to 400/404/409.</summary>
public enum AccountChange
{
    /// <summary>Done, or already so (every change is idempotent where it can be).</summary>
    Done,

    /// <summary>A name does not follow <see cref="AccountName"/> (or a repository name is not valid).</summary>
    InvalidName,

    /// <summary>The name is taken: by an account of any kind, or by another team of the organisation.</summary>
    NameTaken,

    /// <summary>The password is empty. Any further policy (a minimum length) is the API's to set.</summary>
    InvalidPassword,

    /// <summary>An account, organisation, team or token named does not exist.</summary>
    NotFound,

    /// <summary>The account exists but is of a kind the change does not apply to: a password for an organisation,
    /// an organisation as a team member, a robot of another organisation in a team, a personal access token for a robot.</summary>
    WrongKind,
}
