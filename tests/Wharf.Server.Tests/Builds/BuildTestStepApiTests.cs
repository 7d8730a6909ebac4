using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Builds;

/// <summary>The test step through the API (the builder that runs it is tested in Wharf.Build.Tests and
/// ServerBuildsWithRuncTests): a build's <c>test</c> reaches the builder and is shown with the build; a trigger's rules
/// carry one each, and rules with different tests make different builds.</summary>
public sealed class BuildTestStepApiTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();

    private BuildsServer Builds => fixture.Server;

    private AccountsApiServer Api => fixture.Server.Api;

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task A_builds_test_reaches_the_builder_and_is_shown_with_the_build()
    {
        var alice = await Api.NewUserAsync("alice");
        var upload = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "LOG tested")), $"repository={alice.Name}/app&test={Uri.EscapeDataString("test -f /app.txt && ./check")}");
        await _git.CommitAsync("first", ("Dockerfile", "LOG from git"));
        var git = await Api.JsonAsync(HttpMethod.Post, "/api/v1/builds", alice,
            $$"""{"repository":"{{alice.Name}}/app","git":{"url":"{{_git.Url}}"},"test":"make check"}""", HttpStatusCode.Accepted);
        var bad = await Api.ExpectAsync(HttpMethod.Post, "/api/v1/builds", alice, HttpStatusCode.BadRequest,
            $$"""{"repository":"{{alice.Name}}/app","git":{"url":"{{_git.Url}}"},"test":"a\u0000b"}""");

        var uploaded = await Builds.WaitAsync(alice, upload);
        var fromGit = await Builds.WaitAsync(alice, git["id"]!.GetValue<long>());

        Assert.Equal("test -f /app.txt && ./check", uploaded["test"]!.GetValue<string>());
        Assert.Equal("make check", fromGit["test"]!.GetValue<string>());
        Assert.Contains(Builds.Builder.Requests, r => r.Test == "test -f /app.txt && ./check");
        Assert.Contains(Builds.Builder.Requests, r => r.Test == "make check");
        Assert.Contains("test is a shell command of at most 4096 characters, without NUL", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_with_different_tests_make_different_builds_each_with_its_test()
    {
        var alice = await Api.NewUserAsync("alice");
        await _git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var rules = """
            [{"kind":"branch","source":"main","tag":"latest","test":"./smoke"},
             {"kind":"branch","source":"main","tag":"stable","test":"./smoke"},
             {"kind":"branch","source":"main","tag":"full","test":"./full-suite"},
             {"kind":"branch","source":"main","tag":"untested"}]
            """;
        var created = await Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice,
            $$"""{"repository":"{{alice.Name}}/app","gitUrl":"{{_git.Url}}","rules":{{rules}}}""", HttpStatusCode.Created);
        var trigger = created["trigger"]!["id"]!.GetValue<long>();

        var queued = await Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", alice, """{"ref":"main"}""", HttpStatusCode.Accepted);
        var shown = await Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", alice, null);

        var tests = new Dictionary<string, string?>();
        foreach (var entry in queued.AsArray())
        {
            var build = await Builds.WaitAsync(alice, entry!["buildId"]!.GetValue<long>());
            tests[string.Join(",", build["tags"]!.AsArray().Select(t => t!.GetValue<string>()))] = build["test"]?.GetValue<string>();
        }

        Assert.Equal(new Dictionary<string, string?> { ["latest,stable"] = "./smoke", ["full"] = "./full-suite", ["untested"] = null }, tests);
        Assert.Equal(["./smoke", "./smoke", "./full-suite", null], shown["rules"]!.AsArray().Select(r => r!["test"]?.GetValue<string>()));
    }
}
