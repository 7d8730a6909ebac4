using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

/// <summary>Building principals, and what <see cref="AccessPolicy"/> decides with them.</summary>
public abstract partial class AccountStoreContract
{
    [Fact]
    public async Task A_principal_has_the_strongest_role_and_grant_over_its_own_and_its_teams()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("carol", null, Ct);
        await store.CreateOrganisationAsync("acme", null, Ct);
        await store.CreateOrganisationAsync("beta", null, Ct);
        await store.CreateTeamAsync("acme", "devs", OrganisationRole.Member, Ct);
        await store.CreateTeamAsync("acme", "admins", OrganisationRole.Admin, Ct);
        await store.CreateTeamAsync("beta", "readers", OrganisationRole.Member, Ct);
        await store.CreateTeamAsync("beta", "builders", OrganisationRole.Member, Ct);
        foreach (var (org, team) in new[] { ("acme", "devs"), ("acme", "admins"), ("beta", "readers"), ("beta", "builders") })
        {
            await store.AddTeamMemberAsync(org, team, "carol", Ct);
        }

        await store.GrantAsync("beta/app", Grantee.Account("carol"), RepositoryAccess.Read, Ct);
        await store.GrantAsync("beta/app", Grantee.Team("beta", "builders"), RepositoryAccess.Write, Ct);
        await store.GrantAsync("beta/lib", Grantee.Account("carol"), RepositoryAccess.Admin, Ct);
        await store.GrantAsync("beta/lib", Grantee.Team("beta", "readers"), RepositoryAccess.Read, Ct);
        await store.GrantAsync("beta/docs", Grantee.Team("beta", "readers"), RepositoryAccess.Read, Ct);
        await store.GrantAsync("other/app", Grantee.Team("beta", "builders"), RepositoryAccess.Read, Ct);

        var carol = await store.FindPrincipalAsync("carol", TokenScope.ReadWrite, Ct);

        Assert.NotNull(carol);
        Assert.Equal(("carol", AccountKind.User, false, TokenScope.ReadWrite), (carol.Name, carol.Kind, carol.IsAdmin, carol.TokenScope));
        Assert.Equal(
            new Dictionary<string, OrganisationRole> { ["acme"] = OrganisationRole.Admin, ["beta"] = OrganisationRole.Member },
            carol.OrganisationRoles);
        Assert.Equal(
            new Dictionary<string, RepositoryAccess>
            {
                ["beta/app"] = RepositoryAccess.Write, ["beta/lib"] = RepositoryAccess.Admin,
                ["beta/docs"] = RepositoryAccess.Read, ["other/app"] = RepositoryAccess.Read,
            },
            carol.RepositoryGrants);
        Assert.Null((await store.FindPrincipalAsync("carol", null, Ct))?.TokenScope);
    }

    [Fact]
    public async Task Principals_decide_access_through_namespaces_teams_grants_and_robots()
    {
        var store = await CreateStoreAsync();
        var policy = new AccessPolicy(anonymousPull: true);
        await store.CreateUserAsync("alice", null, Ct);
        await store.CreateUserAsync("bob", null, Ct);
        await store.CreateOrganisationAsync("acme", "alice", Ct);
        await store.CreateTeamAsync("acme", "devs", OrganisationRole.Member, Ct);
        await store.AddTeamMemberAsync("acme", "devs", "bob", Ct);
        await store.CreateRobotAsync("acme", "ci", Ct);
        await store.GrantAsync("acme/app", Grantee.Account("acme+ci"), RepositoryAccess.Write, Ct);
        await store.GrantAsync("acme/app", Grantee.Team("acme", "devs"), RepositoryAccess.Write, Ct);

        async Task<RepositoryAction> Decide(string who, string repository) =>
            policy.Decide((await store.FindPrincipalAsync(who, null, Ct))!, repository, await store.IsPublicAsync(repository, Ct));

        Assert.Equal(RepositoryAction.All, await Decide("alice", "acme/app"));
        Assert.Equal(RepositoryAction.All, await Decide("alice", "alice/app"));
        Assert.Equal(RepositoryAction.Pull | RepositoryAction.Push, await Decide("bob", "acme/app"));
        Assert.Equal(RepositoryAction.Pull, await Decide("bob", "acme/lib"));
        Assert.Equal(RepositoryAction.None, await Decide("bob", "alice/app"));
        Assert.Equal(RepositoryAction.Pull | RepositoryAction.Push, await Decide("acme+ci", "acme/app"));
        Assert.Equal(RepositoryAction.None, await Decide("acme+ci", "acme/lib"));
        await store.SetPublicAsync("alice/app", true, Ct);
        Assert.Equal(RepositoryAction.Pull, await Decide("bob", "alice/app"));
    }

    [Fact]
    public async Task Organisations_unknown_and_disabled_accounts_have_no_principal()
    {
        var store = await CreateStoreAsync();
        await store.CreateUserAsync("bob", null, Ct);
        await store.CreateOrganisationAsync("acme", "bob", Ct);
        await store.CreateRobotAsync("acme", "ci", Ct);

        Assert.Null(await store.FindPrincipalAsync("acme", null, Ct));
        Assert.Null(await store.FindPrincipalAsync("nobody", null, Ct));
        Assert.Equal(AccountKind.Robot, (await store.FindPrincipalAsync("acme+ci", null, Ct))?.Kind);
        Assert.Equal(OrganisationRole.Admin, (await store.FindPrincipalAsync("bob", null, Ct))?.OrganisationRoles["acme"]);

        // A disabled organisation's robots stop working and its teams confer nothing.
        await store.SetDisabledAsync("acme", true, Ct);
        Assert.Null(await store.FindPrincipalAsync("acme+ci", null, Ct));
        Assert.Empty((await store.FindPrincipalAsync("bob", null, Ct))!.OrganisationRoles);
    }
}
