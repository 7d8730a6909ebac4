using Wharf.Registry.Auth;
using Wharf.Server.Auth;

namespace Wharf.Server.Tests.Auth;

/// <summary>The resource scope grammar of distribution docs/spec/auth/scope.md.</summary>
public sealed class ScopeRequestTests
{
    [Theory]
    [InlineData("repository:team/app:pull,push", "repository", "team/app", "pull,push")]
    [InlineData("repository:app:pull", "repository", "app", "pull")]
    [InlineData("repository:a/b/c-d__e.f:delete", "repository", "a/b/c-d__e.f", "delete")]
    [InlineData("repository:team/app:*", "repository", "team/app", "*")]
    [InlineData("repository:team/app:pull,pull,,push", "repository", "team/app", "pull,push")]
    [InlineData("repository:team/app:", "repository", "team/app", "")]
    [InlineData("repository(plugin):team/plugin:pull", "repository", "team/plugin", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    [InlineData("repository:team/app:metadata-read", "repository", "team/app", "metadata-read")]
    [InlineData("other:localhost:5000/x:read", "other", "localhost:5000/x", "read")]
    public void Parses(string text, string type, string name, string actions)
    {
        var scope = ScopeRequest.ParseOne(text);

        Assert.Equal(type, scope.Type);
        Assert.Equal(name, scope.Name);
        Assert.Equal(actions, string.Join(',', scope.Actions));
    }

    [Theory]
    [InlineData("repository", "expected TYPE:NAME:ACTIONS")]
    [InlineData("repository:team/app", "expected TYPE:NAME:ACTIONS")]
    [InlineData(":team/app:pull", "expected TYPE:NAME:ACTIONS")]
    [InlineData("Repository:team/app:pull", "resource type")]
    [InlineData("repo\tsitory:team/app:pull", "printable ASCII")]
    [InlineData("repository(:team/app:pull", "resource type")]
    [InlineData("repository::pull", "invalid repository name")]
    [InlineData("repository:Team/App:pull", "invalid repository name")]
    [InlineData("repository:team//app:pull", "invalid repository name")]
    [InlineData("repository:../etc:pull", "invalid repository name")]
    [InlineData("repository:localhost:5000/app:pull", "invalid repository name")]
    [InlineData("repository:team/app\n:pull", "printable ASCII")]
    [InlineData("repository:team/app:pull\n", "printable ASCII")]
    [InlineData("repository:team/app:PULL", "actions")]
    [InlineData("repository:team/app:pull;push", "actions")]
    [InlineData("repository:team/app:pu\"ll", "actions")]
    [InlineData("registry:cat\"alog:*", "invalid resource name")]
    public void Refuses_with_a_message_naming_the_scope_and_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ScopeRequest.Parse([text]));

        Assert.Contains("malformed scope '", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Several_scopes_come_repeated_or_space_separated_and_empty_values_are_ignored()
    {
        var scopes = ScopeRequest.Parse(["repository:a:pull", "repository:b:push  registry:catalog:*", "", null]);

        Assert.Equal(["repository:a:pull", "repository:b:push", "registry:catalog:*"], scopes.Select(s => s.ToString()));
        Assert.True(scopes[2].IsCatalog);
        Assert.Empty(ScopeRequest.Parse([]));
    }

    [Fact]
    public void More_than_the_limit_is_refused()
    {
        var many = string.Join(' ', Enumerable.Range(0, ScopeRequest.MaxScopes + 1).Select(i => $"repository:r{i}:pull"));

        Assert.Contains("too many scopes", Assert.Throws<FormatException>(() => ScopeRequest.Parse([many])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull", RepositoryAction.Pull)]
    [InlineData("pull,push", RepositoryAction.Pull | RepositoryAction.Push)]
    [InlineData("delete", RepositoryAction.Delete)]
    [InlineData("*", RepositoryAction.All)]
    [InlineData("metadata-read", RepositoryAction.None)]
    [InlineData("", RepositoryAction.None)]
    public void Repository_actions(string actions, RepositoryAction expected) =>
        Assert.Equal(expected, ScopeRequest.ParseOne($"repository:team/app:{actions}").RepositoryActions);

    [Fact]
    public void A_scope_for_a_repository_and_actions_is_written_as_a_challenge_names_it() =>
        Assert.Equal("repository:team/app:pull,push", ScopeRequest.ForRepository("team/app", RepositoryAction.Push | RepositoryAction.Pull).ToString());
}
