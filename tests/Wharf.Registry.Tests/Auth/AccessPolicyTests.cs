using Wharf.Registry.Auth;

namespace Wharf.Registry.Tests.Auth;

public sealed class AccessPolicyTests
{
    private static readonly Dictionary<string, OrganisationRole> NoRoles = [];
    private static readonly Dictionary<string, RepositoryAccess> NoGrants = [];

    private static Principal User(string name, bool admin = false, TokenScope? scope = null) => new(name, AccountKind.User, admin, NoRoles, NoGrants, scope);

    public static TheoryData<string, string, bool, RepositoryAction> Cases() => new()
    {
        // who, repository, public → granted
        { "anonymous", "alice/app", false, RepositoryAction.None },
        { "anonymous", "alice/app", true, RepositoryAction.Pull },
        { "alice", "alice/app", false, RepositoryAction.All },
        { "alice", "alice/deep/app", false, RepositoryAction.All },
        { "alice", "bob/app", false, RepositoryAction.None },
        { "alice", "bob/app", true, RepositoryAction.Pull },
        { "alice", "alicex/app", false, RepositoryAction.None },
        { "admin", "bob/app", false, RepositoryAction.All },
        { "alice-read-token", "alice/app", false, RepositoryAction.Pull },
        { "alice-rw-token", "alice/app", false, RepositoryAction.Pull | RepositoryAction.Push },
        { "acme-member", "acme/app", false, RepositoryAction.Pull },
        { "acme-admin", "acme/app", false, RepositoryAction.All },
        { "acme-member", "acme/granted", false, RepositoryAction.Pull | RepositoryAction.Push },
        { "acme+ci", "acme/granted", false, RepositoryAction.Pull | RepositoryAction.Push },
        { "acme+ci", "acme/other", false, RepositoryAction.None },
        { "acme+ci", "acme/other", true, RepositoryAction.Pull },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_by_namespace_role_grant_visibility_and_token_scope(string who, string repository, bool isPublic, RepositoryAction expected)
    {
        var principal = who switch
        {
            "anonymous" => Principal.Anonymous,
            "admin" => User("root", admin: true),
            "alice-read-token" => User("alice", scope: TokenScope.Read),
            "alice-rw-token" => User("alice", scope: TokenScope.ReadWrite),
            "acme-member" => new Principal("carol", AccountKind.User, false, new Dictionary<string, OrganisationRole> { ["acme"] = OrganisationRole.Member },
                new Dictionary<string, RepositoryAccess> { ["acme/granted"] = RepositoryAccess.Write }),
            "acme-admin" => new Principal("dave", AccountKind.User, false, new Dictionary<string, OrganisationRole> { ["acme"] = OrganisationRole.Admin }, NoGrants),
            "acme+ci" => new Principal("acme+ci", AccountKind.Robot, false, NoRoles, new Dictionary<string, RepositoryAccess> { ["acme/granted"] = RepositoryAccess.Write }),
            _ => User(who),
        };

        Assert.Equal(expected, new AccessPolicy(anonymousPull: true).Decide(principal, repository, isPublic));
    }

    [Fact]
    public void Anonymous_pull_can_be_switched_off_server_wide_without_affecting_logged_in_users()
    {
        var policy = new AccessPolicy(anonymousPull: false);

        Assert.Equal(RepositoryAction.None, policy.Decide(Principal.Anonymous, "alice/app", isPublic: true));
        Assert.Equal(RepositoryAction.Pull, policy.Decide(User("bob"), "alice/app", isPublic: true));
    }

    [Fact]
    public void A_robot_named_like_a_namespace_owns_nothing_there()
    {
        var robot = new Principal("acme", AccountKind.Robot, false, NoRoles, NoGrants);

        Assert.Equal(RepositoryAction.None, new AccessPolicy(true).Decide(robot, "acme/app", isPublic: false));
    }
}
