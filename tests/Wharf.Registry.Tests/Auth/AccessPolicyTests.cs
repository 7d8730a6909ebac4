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

    /// <summary>The pull scope a listing's query applies says exactly what <see cref="AccessPolicy.Decide"/> says about
    /// pull, for every kind of principal, repository, visibility and server setting.</summary>
    [Fact]
    public void The_pull_scope_agrees_with_decide_on_every_case()
    {
        Dictionary<string, OrganisationRole> acme = new() { ["acme"] = OrganisationRole.Member };
        Dictionary<string, RepositoryAccess> granted = new() { ["bob/shared"] = RepositoryAccess.Read, ["acme/x_y"] = RepositoryAccess.Admin };
        Principal[] principals =
        [
            Principal.Anonymous, User("alice"), User("root", admin: true), User("alice", scope: TokenScope.Read), User("root", admin: true, scope: TokenScope.Read),
            new("carol", AccountKind.User, false, acme, granted),
            new("acme+ci", AccountKind.Robot, false, NoRoles, granted, TokenScope.Read),
            new("git", AccountKind.User, false, NoRoles, NoGrants),
        ];
        string[] repositories = ["alice/app", "alice", "alicex/app", "bob/shared", "bob/other", "acme/app", "acme/x_y", "acme/xzy", "git/example.com/org/repo", "git/other/repo", "acme+ci/app"];
        foreach (var anonymousPull in new[] { true, false })
        {
            foreach (var prefixes in new IReadOnlyList<string>?[] { null, ["git/example.com/"] })
            {
                var policy = new AccessPolicy(anonymousPull, builtNamespace: "git", publicPrefixes: prefixes);
                foreach (var who in principals)
                {
                    var scope = policy.PullScopeOf(who);
                    foreach (var repository in repositories)
                    {
                        foreach (var isPublic in new[] { true, false })
                        {
                            Assert.True(
                                policy.Decide(who, repository, isPublic).HasFlag(RepositoryAction.Pull) == scope.Includes(repository, isPublic),
                                $"{(who.IsAnonymous ? "anonymous" : who.Name)} {repository} public={isPublic} anonymousPull={anonymousPull} prefixes={prefixes?.Count}");
                        }
                    }
                }
            }
        }
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
