namespace Wharf.Registry.Auth;

/// <summary>Accounts (users, organisations, robots: one namespace of names), teams, repository grants and visibility,
/// issued tokens, the audit log and the login throttle's counters (decision 007). Names are the handles: every
/// method takes account, team and repository names, never database ids. Safe for several nodes sharing one
/// database. Bad input is an <see cref="AccountChange"/> or a null/false, never an exception.</summary>
public interface IAccountStore
{
    /// <summary>Creates the schema or brings it up to date. Idempotent.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Creates a user, with an Argon2id hash of <paramref name="password"/>, or without a password (only
    /// tokens can log in then), a server administrator when <paramref name="isAdmin"/> — in one statement, so no
    /// crash can leave the first administrator without its rights. NameTaken when an account of any kind has the
    /// name; InvalidPassword for "".</summary>
    Task<AccountChange> CreateUserAsync(string name, string? password, CancellationToken ct, bool isAdmin = false);

    /// <summary>Creates a user keeping an existing password hash (bcrypt from htpasswd, or Argon2id PHC); InvalidName
    /// too when <see cref="PasswordHasher.IsSupported"/> refuses the hash.</summary>
    Task<AccountChange> ImportUserAsync(string name, string passwordHash, CancellationToken ct);

    /// <summary>Creates an organisation; when <paramref name="owner"/> is given (a user), also its <c>owners</c> team
    /// with the admin role and the owner in it, all or nothing. NotFound when the owner is no user.</summary>
    Task<AccountChange> CreateOrganisationAsync(string name, string? owner, CancellationToken ct);

    /// <summary>Creates the robot <c>ORGANISATION+NAME</c> and its secret, shown only here.</summary>
    Task<IssuedSecret> CreateRobotAsync(string organisation, string name, CancellationToken ct);

    Task<Account?> FindAccountAsync(string name, CancellationToken ct);

    /// <summary>Accounts in name order after <paramref name="after"/>, at most <paramref name="limit"/>, optionally of one kind.</summary>
    Task<IReadOnlyList<Account>> ListAccountsAsync(AccountKind? kind, string? after, int limit, CancellationToken ct);

    /// <summary>An organisation's robots, in name order; empty for an unknown organisation.</summary>
    Task<IReadOnlyList<Account>> ListRobotsAsync(string organisation, CancellationToken ct);

    /// <summary>Deletes an account with everything that hangs off it: its tokens, memberships and grants, and for an
    /// organisation its teams and robots. Repositories are not touched. False when there was no such account.</summary>
    Task<bool> DeleteAccountAsync(string name, CancellationToken ct);

    /// <summary>Applies every change of <paramref name="update"/> in one transaction, or none: a new password (Argon2id;
    /// revokes the refresh tokens the old one obtained, personal access tokens stay), the admin flag, the disabled
    /// flag (no login, no principal, no token works; idempotent). NotFound for an unknown account; WrongKind when a
    /// password or the admin flag is set on an organisation or robot; InvalidPassword for "". Shorthands for one
    /// field are in <see cref="AccountUpdates"/>.</summary>
    Task<AccountChange> UpdateAccountAsync(string name, AccountUpdate update, CancellationToken ct);

    /// <summary>The stored password hash of an enabled user (Argon2id or imported bcrypt); null for an unknown, disabled or
    /// password-less account and for organisations and robots. Checking a password is <see cref="PasswordHasher"/>'s
    /// (shorthand: <see cref="AccountUpdates.VerifyPasswordAsync"/>).</summary>
    Task<string?> FindPasswordHashAsync(string name, CancellationToken ct);

    /// <summary>Creates a team of an organisation. NameTaken when the organisation has a team of that name.</summary>
    Task<AccountChange> CreateTeamAsync(string organisation, string team, OrganisationRole role, CancellationToken ct);

    Task<AccountChange> SetTeamRoleAsync(string organisation, string team, OrganisationRole role, CancellationToken ct);

    /// <summary>Deletes a team, its memberships and its grants; false when there was none.</summary>
    Task<bool> DeleteTeamAsync(string organisation, string team, CancellationToken ct);

    /// <summary>An organisation's teams with their members, in name order; empty for an unknown organisation.</summary>
    Task<IReadOnlyList<Team>> ListTeamsAsync(string organisation, CancellationToken ct);

    /// <summary>Adds a user, or a robot of the same organisation, to a team. Idempotent.</summary>
    Task<AccountChange> AddTeamMemberAsync(string organisation, string team, string member, CancellationToken ct);

    /// <summary>False when the account was not in the team.</summary>
    Task<bool> RemoveTeamMemberAsync(string organisation, string team, string member, CancellationToken ct);

    /// <summary>Grants access on a repository to a user, robot or team, replacing any earlier grant to the same
    /// grantee. The repository need not exist yet.</summary>
    Task<AccountChange> GrantAsync(string repository, Grantee grantee, RepositoryAccess access, CancellationToken ct);

    /// <summary>False when the grantee had no grant there.</summary>
    Task<bool> RevokeAsync(string repository, Grantee grantee, CancellationToken ct);

    /// <summary>The grants on a repository, accounts then teams, each in name order.</summary>
    Task<IReadOnlyList<RepositoryGrant>> ListGrantsAsync(string repository, CancellationToken ct);

    /// <summary>Makes a repository public or private (the default). Idempotent. InvalidName for a bad repository name.</summary>
    Task<AccountChange> SetPublicAsync(string repository, bool isPublic, CancellationToken ct);

    Task<bool> IsPublicAsync(string repository, CancellationToken ct);

    /// <summary>Which of <paramref name="repositories"/> are public, in one query (for filtering a catalog page).</summary>
    Task<IReadOnlySet<string>> FindPublicAsync(IReadOnlyCollection<string> repositories, CancellationToken ct);

    /// <summary>Issues a secret for an account: a personal access token (users only, <paramref name="scope"/>
    /// required), a robot secret (robots only) or a refresh token (users and robots). <paramref name="name"/> is a
    /// label of 1–100 characters (InvalidName otherwise); an expiry in the past is InvalidName too.</summary>
    Task<IssuedSecret> CreateAccessTokenAsync(
        string account, AccessTokenKind kind, string name, TokenScope? scope, DateTimeOffset? expiresAt, CancellationToken ct);

    /// <summary>An account's tokens of every kind, revoked and expired ones included, newest first; never their secrets.</summary>
    Task<IReadOnlyList<AccessToken>> ListAccessTokensAsync(string account, CancellationToken ct);

    /// <summary>Revokes one of an account's tokens; false when it has no such token or it was revoked already.</summary>
    Task<bool> RevokeAccessTokenAsync(string account, long id, CancellationToken ct);

    /// <summary>The active token whose secret this is, recording that it was used now; null when no token has this
    /// secret or it is revoked, expired, or its account disabled.</summary>
    Task<AccessToken?> FindAccessTokenAsync(string secret, CancellationToken ct);

    /// <summary>Everything <see cref="AccessPolicy"/> needs about an enabled user or robot: admin flag, the strongest
    /// role per organisation over its teams, the strongest grant per repository over its own and its teams' grants,
    /// with <paramref name="scope"/> as the token cap. Null for unknown or disabled accounts and for organisations,
    /// which never act themselves.</summary>
    Task<Principal?> FindPrincipalAsync(string name, TokenScope? scope, CancellationToken ct);

    /// <summary>Appends to the audit log, stamped now. Never pass a secret in any field.</summary>
    Task<AuditEvent> AppendAuditAsync(string actor, string action, string target, string? detail, string? clientAddress, CancellationToken ct);

    /// <summary>Appends several entries in one transaction, each with its own time: how the registry's pulls, pushes
    /// and deletes reach the log without a write on the request path.</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct);

    /// <summary>Deletes audit events older than <paramref name="before"/> (the retention sweep). Returns how many.</summary>
    Task<int> PurgeAuditAsync(DateTimeOffset before, CancellationToken ct);

    /// <summary>A page of the audit log, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAuditAsync(AuditQuery query, CancellationToken ct);

    /// <summary>The login throttle's state for each of <paramref name="keys"/> that has one.</summary>
    Task<IReadOnlyDictionary<string, LoginFailures>> FindLoginFailuresAsync(IReadOnlyCollection<string> keys, CancellationToken ct);

    /// <summary>Replaces a key's state with <paramref name="update"/>(current state), atomically even against other
    /// nodes doing the same (a compare-and-swap, retried): no failure goes uncounted. Returns the new state.</summary>
    Task<LoginFailures> UpdateLoginFailuresAsync(string key, Func<LoginFailures?, LoginFailures> update, CancellationToken ct);

    /// <summary>Forgets a key's failures. Idempotent.</summary>
    Task ResetLoginFailuresAsync(string key, CancellationToken ct);

    /// <summary>Forgets the state of keys not updated since <paramref name="before"/> (a maintenance sweep). Returns how many.</summary>
    Task<int> PurgeLoginFailuresAsync(DateTimeOffset before, CancellationToken ct);
}
