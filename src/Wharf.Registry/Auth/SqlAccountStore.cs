using System.Data.Common;
using Dapper;
using Wharf.Registry.Metadata;
using AccountRow = (string Name, string Kind, long IsAdmin, long HasPassword, string? Owner, long CreatedAt, long? DisabledAt);

namespace Wharf.Registry.Auth;

/// <summary>The account store on SQL through Dapper, in the same database as the metadata store. Every statement runs
/// unchanged on SQLite and PostgreSQL (<c>ON CONFLICT</c>, <c>RETURNING</c>, unix-ms <c>BIGINT</c> times, 0/1 flags,
/// list parameters through <see cref="SqlDatabase.InList"/>);
/// multi-row changes are one transaction. This file: accounts; the other areas are partial files.</summary>
public sealed partial class SqlAccountStore(SqlDatabase database, TimeProvider time) : IAccountStore
{
    private const string AccountColumns =
        """
        a.name, a.kind, a.is_admin, CASE WHEN a.password_hash IS NULL THEN 0 ELSE 1 END, o.name, a.created_at, a.disabled_at
        FROM accounts a LEFT JOIN accounts o ON o.id = a.owner_id
        """;

    public Task MigrateAsync(CancellationToken ct) => SchemaMigrator.MigrateAsync(database, ct);

    public async Task<AccountChange> CreateUserAsync(string name, string? password, CancellationToken ct, bool isAdmin = false)
    {
        if (!AccountName.IsValid(name))
        {
            return AccountChange.InvalidName;
        }

        if (password is "")
        {
            return AccountChange.InvalidPassword;
        }

        // Hashed before the connection is opened: the ~100 ms of Argon2 holds no database lock.
        var hash = password is null ? null : PasswordHasher.Hash(password);
        await using var c = await database.OpenAsync(ct);
        return await InsertAccountAsync(c, null, name, AccountKind.User, hash, null, isAdmin) is null ? AccountChange.NameTaken : AccountChange.Done;
    }

    public async Task<AccountChange> CreateOrganisationAsync(string name, string? owner, CancellationToken ct)
    {
        if (!AccountName.IsValid(name))
        {
            return AccountChange.InvalidName;
        }

        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        long? ownerId = null;
        if (owner is not null)
        {
            var found = await FindIdAndKindAsync(c, tx, owner);
            if (found is not { } o)
            {
                return AccountChange.NotFound;
            }

            if (o.Kind != AccountKind.User)
            {
                return AccountChange.WrongKind;
            }

            ownerId = o.Id;
        }

        if (await InsertAccountAsync(c, tx, name, AccountKind.Organisation, null, null) is not { } organisationId)
        {
            return AccountChange.NameTaken;
        }

        if (ownerId is { } id)
        {
            // Docker Hub's shape: whoever creates an organisation is in its "owners" team, which administers it.
            var teamId = await c.QuerySingleAsync<long>(
                "INSERT INTO teams (organisation_id, name, role, created_at) VALUES (@organisationId, 'owners', 'admin', @now) RETURNING id",
                new { organisationId, now = Now() }, tx);
            await c.ExecuteAsync("INSERT INTO team_members (team_id, account_id) VALUES (@teamId, @id)", new { teamId, id }, tx);
        }

        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }

    public async Task<IssuedSecret> CreateRobotAsync(string organisation, string name, CancellationToken ct)
    {
        if (!AccountName.IsValid(organisation) || !AccountName.IsValid(name))
        {
            return IssuedSecret.Failed(AccountChange.InvalidName);
        }

        await using var c = await database.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var owner = await FindIdAndKindAsync(c, tx, organisation);
        if (owner is not { } o || o.Kind != AccountKind.Organisation)
        {
            return IssuedSecret.Failed(owner is null ? AccountChange.NotFound : AccountChange.WrongKind);
        }

        var robot = AccountName.Robot(organisation, name);
        if (await InsertAccountAsync(c, tx, robot, AccountKind.Robot, null, o.Id) is not { } robotId)
        {
            return IssuedSecret.Failed(AccountChange.NameTaken);
        }

        var issued = await InsertTokenAsync(c, tx, robotId, robot, AccessTokenKind.RobotSecret, "secret", null, null);
        await tx.CommitAsync(ct);
        return issued;
    }

    public async Task<Account?> FindAccountAsync(string name, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AccountRow?>($"SELECT {AccountColumns} WHERE a.name = @name", new { name });
        return row is { } r ? ToAccount(r) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(AccountKind? kind, string? after, int limit, CancellationToken ct)
    {
        var filter = (kind is null ? "" : " AND a.kind = @kind") + (after is null ? "" : " AND a.name > @after");
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<AccountRow>(
            $"SELECT {AccountColumns} WHERE 1 = 1{filter} ORDER BY a.name LIMIT @limit",
            new { kind = kind is { } k ? AuthColumns.Kind(k) : null, after, limit = Math.Clamp(limit, 1, 1000) });
        return [.. rows.Select(ToAccount)];
    }

    public async Task<IReadOnlyList<Account>> ListRobotsAsync(string organisation, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<AccountRow>(
            $"SELECT {AccountColumns} WHERE o.name = @organisation AND a.kind = 'robot' ORDER BY a.name", new { organisation });
        return [.. rows.Select(ToAccount)];
    }

    public async Task<bool> DeleteAccountAsync(string name, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        // Foreign keys cascade: tokens, memberships, grants; an organisation's teams (and their grants) and robots.
        return await c.ExecuteAsync("DELETE FROM accounts WHERE name = @name", new { name }) > 0;
    }

    /// <summary>The new account's id; null when the name is taken (by an account of any kind: one UNIQUE for all).</summary>
    private Task<long?> InsertAccountAsync(
        DbConnection c, DbTransaction? tx, string name, AccountKind kind, string? passwordHash, long? ownerId, bool isAdmin = false) =>
        c.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO accounts (name, kind, password_hash, owner_id, is_admin, created_at) VALUES (@name, @kind, @passwordHash, @ownerId, @isAdmin, @now)
            ON CONFLICT (name) DO NOTHING RETURNING id
            """,
            new { name, kind = AuthColumns.Kind(kind), passwordHash, ownerId, isAdmin = isAdmin ? 1 : 0, now = Now() }, tx);

    private static async Task<(long Id, AccountKind Kind, long? OwnerId)?> FindIdAndKindAsync(DbConnection c, DbTransaction? tx, string name)
    {
        var row = await c.QuerySingleOrDefaultAsync<(long Id, string Kind, long? OwnerId)?>(
            "SELECT id, kind, owner_id FROM accounts WHERE name = @name", new { name }, tx);
        return row is { } r ? (r.Id, AuthColumns.Kind(r.Kind), r.OwnerId) : null;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static Account ToAccount(AccountRow r) =>
        new(r.Name, AuthColumns.Kind(r.Kind), r.IsAdmin != 0, r.HasPassword != 0, r.Owner, AuthColumns.Time(r.CreatedAt), AuthColumns.Time(r.DisabledAt));
}
