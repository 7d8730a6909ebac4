using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>Teams, memberships, repository grants and visibility.</summary>
public abstract partial class AccountStoreContract
{
    [Fact]
    public async Task Teams_are_created_given_roles_listed_and_deleted()
    {
        var store = await CreateStoreAsync();
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateOrganisationAsync("beta", null, Ct);
        await store.CreateUserAsync("alice", null, Ct);

        Assert.Equal(AccountChange.Done, await store.CreateTeamAsync("acme", "devs", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.Done, await store.CreateTeamAsync("acme", "admins", OrganisationRole.Admin, Ct));
        Assert.Equal(AccountChange.Done, await store.CreateTeamAsync("beta", "devs", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.NameTaken, await store.CreateTeamAsync("acme", "devs", OrganisationRole.Admin, Ct));
        Assert.Equal(AccountChange.InvalidName, await store.CreateTeamAsync("acme", "Devs", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.NotFound, await store.CreateTeamAsync("nope", "devs", OrganisationRole.Member, Ct));
        Assert.Equal(AccountChange.WrongKind, await store.CreateTeamAsync("alice", "devs", OrganisationRole.Member, Ct));

        Assert.Equal(AccountChange.Done, await store.SetTeamRoleAsync("acme", "devs", OrganisationRole.Admin, Ct));
        Assert.Equal(AccountChange.NotFound, await store.SetTeamRoleAsync("acme", "nope", OrganisationRole.Admin, Ct));
        Assert.Equal(
            [("acme", "admins", OrganisationRole.Admin, ""), ("acme", "devs", OrganisationRole.Admin, "")],
            Flatten(await store.ListTeamsAsync("acme", Ct)));

        Assert.True(await store.DeleteTeamAsync("acme", "devs", Ct));
        Assert.False(await store.DeleteTeamAsync("acme", "devs", Ct));
        Assert.Equal(["admins"], (await store.ListTeamsAsync("acme", Ct)).Select(t => t.Name));
        Assert.Equal(["devs"], (await store.ListTeamsAsync("beta", Ct)).Select(t => t.Name));
        Assert.Empty(await store.ListTeamsAsync("nope", Ct));
    }

    [Fact]
    public async Task Team_members_are_users_or_the_organisations_own_robots()
    {
        var store = await CreateStoreAsync();
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateOrganisationAsync("beta", null, Ct);
        await store.CreateUserAsync("bob", null, Ct);
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateRobotAsync("acme", "ci", Ct);
        await store.CreateRobotAsync("beta", "ci", Ct);
        await store.CreateTeamAsync("acme", "devs", OrganisationRole.Member, Ct);

        Assert.Equal(AccountChange.Done, await store.AddTeamMemberAsync("acme", "devs", "bob", Ct));
        Assert.Equal(AccountChange.Done, await store.AddTeamMemberAsync("acme", "devs", "alice", Ct));
        Assert.Equal(AccountChange.Done, await store.AddTeamMemberAsync("acme", "devs", "alice", Ct));
        Assert.Equal(AccountChange.Done, await store.AddTeamMemberAsync("acme", "devs", "acme+ci", Ct));
        Assert.Equal(AccountChange.WrongKind, await store.AddTeamMemberAsync("acme", "devs", "beta+ci", Ct));
        Assert.Equal(AccountChange.WrongKind, await store.AddTeamMemberAsync("acme", "devs", "beta", Ct));
        Assert.Equal(AccountChange.NotFound, await store.AddTeamMemberAsync("acme", "devs", "nobody", Ct));
        Assert.Equal(AccountChange.NotFound, await store.AddTeamMemberAsync("acme", "nope", "alice", Ct));
        Assert.Equal(["acme+ci", "alice", "bob"], (await store.ListTeamsAsync("acme", Ct)).Single().Members);

        Assert.True(await store.RemoveTeamMemberAsync("acme", "devs", "alice", Ct));
        Assert.False(await store.RemoveTeamMemberAsync("acme", "devs", "alice", Ct));
        Assert.True(await store.DeleteAccountAsync("bob", Ct));
        Assert.Equal(["acme+ci"], (await store.ListTeamsAsync("acme", Ct)).Single().Members);
    }

    [Fact]
    public async Task Grants_to_accounts_and_teams_are_replaced_listed_and_revoked()
    {
        var store = await CreateStoreAsync();
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateUserAsync("bob", null, Ct);
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateRobotAsync("acme", "ci", Ct);
        await store.CreateTeamAsync("acme", "devs", OrganisationRole.Member, Ct);

        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/app", Grantee.Team("acme", "devs"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/app", Grantee.Account("bob"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/app", Grantee.Account("alice"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/app", Grantee.Account("alice"), RepositoryAccess.Admin, Ct));
        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write, Ct));
        Assert.Equal(AccountChange.Done, await store.GrantAsync("acme/other", Grantee.Account("alice"), RepositoryAccess.Write, Ct));
        Assert.Equal(AccountChange.WrongKind, await store.GrantAsync("acme/app", Grantee.Account("acme"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.NotFound, await store.GrantAsync("acme/app", Grantee.Account("nobody"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.NotFound, await store.GrantAsync("acme/app", Grantee.Team("acme", "nope"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.InvalidName, await store.GrantAsync("acme/../app", Grantee.Account("alice"), RepositoryAccess.Read, Ct));
        Assert.Equal(AccountChange.InvalidName, await store.GrantAsync("Acme/App", Grantee.Account("alice"), RepositoryAccess.Read, Ct));

        Assert.Equal(
            [
                new RepositoryGrant("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write),
                new RepositoryGrant("acme/app", Grantee.Account("alice"), RepositoryAccess.Admin),
                new RepositoryGrant("acme/app", Grantee.Account("bob"), RepositoryAccess.Read),
                new RepositoryGrant("acme/app", Grantee.Team("acme", "devs"), RepositoryAccess.Read),
            ],
            await store.ListGrantsAsync("acme/app", Ct));

        Assert.True(await store.RevokeAsync("acme/app", Grantee.Account("alice"), Ct));
        Assert.False(await store.RevokeAsync("acme/app", Grantee.Account("alice"), Ct));
        Assert.True(await store.RevokeAsync("acme/app", Grantee.Team("acme", "devs"), Ct));
        Assert.False(await store.RevokeAsync("acme/app", Grantee.Team("acme", "devs"), Ct));
        Assert.Equal(["acme+ci", "bob"], (await store.ListGrantsAsync("acme/app", Ct)).Select(g => g.Grantee.ToString()));
        Assert.Equal([RepositoryAccess.Write], (await store.ListGrantsAsync("acme/other", Ct)).Select(g => g.Access));
    }

    [Fact]
    public async Task Repositories_are_private_until_made_public()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.IsPublicAsync("alice/app", Ct));
        Assert.Equal(AccountChange.Done, await store.SetPublicAsync("alice/app", true, Ct));
        Assert.Equal(AccountChange.Done, await store.SetPublicAsync("alice/app", true, Ct));
        Assert.Equal(AccountChange.Done, await store.SetPublicAsync("alice/lib", true, Ct));
        Assert.Equal(AccountChange.Done, await store.SetPublicAsync("alice/secret", false, Ct));
        Assert.Equal(AccountChange.InvalidName, await store.SetPublicAsync("alice//app", true, Ct));
        Assert.True(await store.IsPublicAsync("alice/app", Ct));
        Assert.False(await store.IsPublicAsync("alice/secret", Ct));
        Assert.Equal(
            new HashSet<string>(["alice/app", "alice/lib"]),
            await store.FindPublicAsync(["alice/app", "alice/lib", "alice/secret", "bob/app", "alice/app"], Ct));
        Assert.Empty(await store.FindPublicAsync([], Ct));

        Assert.Equal(AccountChange.Done, await store.SetPublicAsync("alice/app", false, Ct));
        Assert.False(await store.IsPublicAsync("alice/app", Ct));
        var many = Enumerable.Range(0, 1200).Select(i => $"r/{i}").Append("alice/lib").ToList();
        Assert.Equal(["alice/lib"], await store.FindPublicAsync(many, Ct));
    }

    /// <summary>Teams as comparable values (a record's list member compares by reference).</summary>
    private static IEnumerable<(string, string, OrganisationRole, string)> Flatten(IEnumerable<Team> teams) =>
        teams.Select(t => (t.Organisation, t.Name, t.Role, string.Join(",", t.Members)));
}
