using Microsoft.Extensions.Time.Testing;
using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>What every <see cref="IAccountStore"/> must do. Each database's test class derives from this. This file:
/// accounts, names and passwords; the other parts: teams and grants, tokens, principals, audit and throttle.</summary>
public abstract partial class AccountStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty, migrated store on <see cref="Time"/>.</summary>
    protected abstract Task<IAccountStore> CreateStoreAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync(Ct);
        Assert.Empty(await store.ListAccountsAsync(null, null, 10, Ct));
    }

    [Fact]
    public async Task Users_and_organisations_are_created_found_listed_and_deleted()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("alice", null, Ct));
        Assert.Equal(AccountChange.Done, await store.CreateOrganisationAsync("acme", null, Ct));
        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("bob", null, Ct));

        Assert.Equal(new Account("alice", AccountKind.User, false, false, null, Time.GetUtcNow(), null), await store.FindAccountAsync("alice", Ct));
        Assert.Equal(AccountKind.Organisation, (await store.FindAccountAsync("acme", Ct))?.Kind);
        Assert.Null(await store.FindAccountAsync("carol", Ct));
        Assert.Equal(["acme", "alice", "bob"], (await store.ListAccountsAsync(null, null, 10, Ct)).Select(a => a.Name));
        Assert.Equal(["alice", "bob"], (await store.ListAccountsAsync(AccountKind.User, null, 10, Ct)).Select(a => a.Name));
        Assert.Equal(["bob"], (await store.ListAccountsAsync(null, "alice", 10, Ct)).Select(a => a.Name));
        Assert.Equal(["acme"], (await store.ListAccountsAsync(null, null, 1, Ct)).Select(a => a.Name));

        Assert.True(await store.DeleteAccountAsync("alice", Ct));
        Assert.False(await store.DeleteAccountAsync("alice", Ct));
        Assert.Null(await store.FindAccountAsync("alice", Ct));
        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("alice", null, Ct));
    }

    public static TheoryData<string, bool> Names() => new()
    {
        { "ab", true },
        { "a.b_c-d9", true },
        { new string('a', 64), true },
        { new string('a', 65), false },
        { "a", false },
        { "Alice", false },
        { "a--b", false },
        { "a__b", false },
        { "-ab", false },
        { "ab.", false },
        { "a/b", false },
        { "acme+ci", false },
        { "ali ce", false },
        { "", false },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Account_names_follow_the_repository_component_grammar(string name, bool valid)
    {
        var store = await CreateStoreAsync();

        Assert.Equal(valid ? AccountChange.Done : AccountChange.InvalidName, await store.CreateOrganisationAsync(name, null, Ct));
        Assert.Equal(valid ? AccountChange.NameTaken : AccountChange.InvalidName, await store.CreateUserAsync(name, null, Ct));
    }

    [Fact]
    public async Task A_name_taken_by_any_kind_of_account_is_a_conflict()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);

        Assert.Equal(AccountChange.NameTaken, await store.CreateOrganisationAsync("alice", null, Ct));
        Assert.Equal(AccountChange.NameTaken, await store.CreateUserAsync("acme", null, Ct));
        Assert.Equal(AccountChange.NameTaken, await store.CreateUserAsync("alice", "pw", Ct));
        Assert.Equal(AccountChange.NameTaken, await store.ImportUserAsync("acme", BCrypt.Net.BCrypt.HashPassword("pw", 4), Ct));
        Assert.True((await store.CreateRobotAsync("acme", "ci", Ct)).IsDone);
        Assert.Equal(AccountChange.NameTaken, (await store.CreateRobotAsync("acme", "ci", Ct)).Outcome);
        // "+" is in no user or organisation name, so a robot's name can never be claimed by one.
        Assert.Equal(AccountChange.InvalidName, await store.CreateUserAsync("acme+ci", null, Ct));
        Assert.Equal(AccountKind.User, (await store.FindAccountAsync("alice", Ct))?.Kind);
        Assert.Equal(AccountKind.Organisation, (await store.FindAccountAsync("acme", Ct))?.Kind);
    }

    [Fact]
    public async Task Passwords_are_set_and_verified_for_users_only()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", "first password", Ct);
        await store.CreateUserAsync("tokens-only", null, Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);

        Assert.True(await store.VerifyPasswordAsync("alice", "first password", Ct));
        Assert.False(await store.VerifyPasswordAsync("alice", "First password", Ct));
        Assert.False(await store.VerifyPasswordAsync("nobody", "first password", Ct));
        Assert.False(await store.VerifyPasswordAsync("tokens-only", "", Ct));
        Assert.True((await store.FindAccountAsync("alice", Ct))?.HasPassword);
        Assert.False((await store.FindAccountAsync("tokens-only", Ct))?.HasPassword);

        Assert.Equal(AccountChange.Done, await store.SetPasswordAsync("alice", "second password", Ct));
        Assert.False(await store.VerifyPasswordAsync("alice", "first password", Ct));
        Assert.True(await store.VerifyPasswordAsync("alice", "second password", Ct));
        Assert.Equal(AccountChange.InvalidPassword, await store.SetPasswordAsync("alice", "", Ct));
        Assert.Equal(AccountChange.InvalidPassword, await store.CreateUserAsync("bob", "", Ct));
        Assert.True(await store.VerifyPasswordAsync("alice", "second password", Ct));
        Assert.Equal(AccountChange.WrongKind, await store.SetPasswordAsync("acme", "x", Ct));
        Assert.Equal(AccountChange.NotFound, await store.SetPasswordAsync("nobody", "x", Ct));
    }

    [Fact]
    public async Task Imported_users_keep_their_bcrypt_hash_and_unsupported_hashes_are_refused()
    {
        var store = await CreateStoreAsync();
        var bcrypt = BCrypt.Net.BCrypt.HashPassword("from htpasswd", 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

        Assert.Equal(AccountChange.Done, await store.ImportUserAsync("alice", bcrypt, Ct));
        Assert.Equal(AccountChange.InvalidName, await store.ImportUserAsync("bob", "$apr1$salt$hash", Ct));
        Assert.Equal(AccountChange.InvalidName, await store.ImportUserAsync("Bob", bcrypt, Ct));
        Assert.True(await store.VerifyPasswordAsync("alice", "from htpasswd", Ct));
        Assert.False(await store.VerifyPasswordAsync("alice", "from htpasswdx", Ct));
        Assert.Null(await store.FindAccountAsync("bob", Ct));
    }

    [Fact]
    public async Task A_user_created_as_administrator_is_one_from_its_first_moment()
    {
        var store = await CreateStoreAsync();

        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("root", "first password", Ct, isAdmin: true));
        Assert.Equal(AccountChange.Done, await store.CreateUserAsync("alice", "first password", Ct));

        Assert.True((await store.FindAccountAsync("root", Ct))?.IsAdmin);
        Assert.False((await store.FindAccountAsync("alice", Ct))?.IsAdmin);
        Assert.True((await store.FindPrincipalAsync("root", null, Ct))?.IsAdmin);
    }

    [Fact]
    public async Task An_update_applies_all_its_changes_or_none()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", "first password", Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);

        Assert.Equal(AccountChange.Done, await store.UpdateAccountAsync("alice", new AccountUpdate("second password", IsAdmin: true, Disabled: true), Ct));
        Assert.Equal(AccountChange.WrongKind, await store.UpdateAccountAsync("acme", new AccountUpdate(Password: "x", Disabled: true), Ct));
        Assert.Equal(AccountChange.InvalidPassword, await store.UpdateAccountAsync("alice", new AccountUpdate(Password: "", Disabled: false), Ct));
        Assert.Equal(AccountChange.NotFound, await store.UpdateAccountAsync("nobody", new AccountUpdate(Disabled: true), Ct));

        var alice = await store.FindAccountAsync("alice", Ct);
        Assert.True(alice?.IsAdmin);
        Assert.NotNull(alice?.DisabledAt);
        Assert.Null((await store.FindAccountAsync("acme", Ct))?.DisabledAt); // the refused update changed nothing
        await store.SetDisabledAsync("alice", false, Ct);
        Assert.True(await store.VerifyPasswordAsync("alice", "second password", Ct));
    }

    [Fact]
    public async Task Two_updates_at_once_never_leave_a_mix_of_both()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", "pw", Ct);

        for (var round = 0; round < 40; round++)
        {
            await Task.WhenAll(
                Task.Run(() => store.UpdateAccountAsync("alice", new AccountUpdate(IsAdmin: true, Disabled: true), Ct), Ct),
                Task.Run(() => store.UpdateAccountAsync("alice", new AccountUpdate(IsAdmin: false, Disabled: false), Ct), Ct));

            var alice = await store.FindAccountAsync("alice", Ct);
            Assert.Equal(alice!.IsAdmin, alice.DisabledAt is not null);
        }
    }

    [Fact]
    public async Task Admin_and_disabled_flags_apply_to_the_right_kinds()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", "pw", Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);

        Assert.Equal(AccountChange.Done, await store.SetAdminAsync("alice", true, Ct));
        Assert.Equal(AccountChange.Done, await store.SetAdminAsync("alice", true, Ct));
        Assert.True((await store.FindAccountAsync("alice", Ct))?.IsAdmin);
        Assert.True((await store.FindPrincipalAsync("alice", null, Ct))?.IsAdmin);
        Assert.Equal(AccountChange.WrongKind, await store.SetAdminAsync("acme", true, Ct));
        Assert.Equal(AccountChange.NotFound, await store.SetAdminAsync("nobody", true, Ct));

        Assert.Equal(AccountChange.Done, await store.SetDisabledAsync("alice", true, Ct));
        var disabledAt = (await store.FindAccountAsync("alice", Ct))?.DisabledAt;
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AccountChange.Done, await store.SetDisabledAsync("alice", true, Ct));
        Assert.Equal(disabledAt, (await store.FindAccountAsync("alice", Ct))?.DisabledAt);
        Assert.False(await store.VerifyPasswordAsync("alice", "pw", Ct));
        Assert.Null(await store.FindPrincipalAsync("alice", null, Ct));

        Assert.Equal(AccountChange.Done, await store.SetDisabledAsync("alice", false, Ct));
        Assert.True(await store.VerifyPasswordAsync("alice", "pw", Ct));
        Assert.NotNull(await store.FindPrincipalAsync("alice", null, Ct));
        Assert.Equal(AccountChange.NotFound, await store.SetDisabledAsync("nobody", true, Ct));
    }

    [Fact]
    public async Task An_organisation_created_with_an_owner_gets_an_owners_team_all_or_nothing()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateOrganisationAsync("other", null, Ct);

        Assert.Equal(AccountChange.Done, await store.CreateOrganisationAsync("acme", "alice", Ct));
        Assert.Equal([("acme", "owners", OrganisationRole.Admin, "alice")], Flatten(await store.ListTeamsAsync("acme", Ct)));

        Assert.Equal(AccountChange.NotFound, await store.CreateOrganisationAsync("beta", "nobody", Ct));
        Assert.Equal(AccountChange.WrongKind, await store.CreateOrganisationAsync("gamma", "other", Ct));
        Assert.Null(await store.FindAccountAsync("beta", Ct));
        Assert.Null(await store.FindAccountAsync("gamma", Ct));
    }

    [Fact]
    public async Task Robots_belong_to_an_organisation_and_get_a_secret_once()
    {
        var store = await CreateStoreAsync();
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateUserAsync("alice", null, Ct);

        var robot = await store.CreateRobotAsync("acme", "ci", Ct);

        Assert.True(robot.IsDone);
        Assert.StartsWith(SecretTokens.RobotSecretPrefix, robot.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(robot.Secret, robot.ToString(), StringComparison.Ordinal);
        Assert.Equal(new AccessToken(robot.Token.Id, "acme+ci", AccessTokenKind.RobotSecret, "secret", null, Time.GetUtcNow(), null, null, null), robot.Token);
        Assert.Equal(new Account("acme+ci", AccountKind.Robot, false, false, "acme", Time.GetUtcNow(), null), await store.FindAccountAsync("acme+ci", Ct));
        Assert.Equal(["acme+ci"], (await store.ListRobotsAsync("acme", Ct)).Select(a => a.Name));
        Assert.Equal("acme+ci", (await store.FindAccessTokenAsync(robot.Secret, Ct))?.Account);
        Assert.DoesNotContain(await store.ListAccessTokensAsync("acme+ci", Ct), t => t.ToString().Contains(robot.Secret, StringComparison.Ordinal));

        Assert.Equal(AccountChange.NotFound, (await store.CreateRobotAsync("nope", "ci", Ct)).Outcome);
        Assert.Equal(AccountChange.WrongKind, (await store.CreateRobotAsync("alice", "ci", Ct)).Outcome);
        Assert.Equal(AccountChange.InvalidName, (await store.CreateRobotAsync("acme", "C I", Ct)).Outcome);
        Assert.Null((await store.CreateRobotAsync("acme", "C I", Ct)).Secret);
    }

    [Fact]
    public async Task Deleting_an_organisation_deletes_its_robots_teams_and_their_tokens()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateOrganisationAsync("acme", "alice", Ct);
        var robot = await store.CreateRobotAsync("acme", "ci", Ct);
        await store.GrantAsync("acme/app", Grantee.Team("acme", "owners"), RepositoryAccess.Write, Ct);

        Assert.True(await store.DeleteAccountAsync("acme", Ct));

        Assert.Null(await store.FindAccountAsync("acme+ci", Ct));
        Assert.Null(await store.FindAccessTokenAsync(robot.Secret!, Ct));
        Assert.Empty(await store.ListTeamsAsync("acme", Ct));
        Assert.Empty(await store.ListGrantsAsync("acme/app", Ct));
        var alice = await store.FindPrincipalAsync("alice", null, Ct);
        Assert.Empty(alice!.OrganisationRoles);
        Assert.Empty(alice.RepositoryGrants);
    }
}
