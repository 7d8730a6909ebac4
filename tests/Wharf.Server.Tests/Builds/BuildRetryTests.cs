using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Wharf.Oci;
using Wharf.Registry.Auth;
using Wharf.Registry.Storage;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Triggers;

namespace Wharf.Server.Tests.Builds;

/// <summary><c>POST /api/v1/builds/{id}/retry</c> on a real server: an ended build is built again from the same context,
/// tags and settings as a new build submitted by the caller (reason <c>retry</c>); a trigger's build at the commit it
/// built; a build still running, one nobody may see, and one whose context is gone are refused with a problem.</summary>
public sealed class BuildRetryTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();

    private BuildsServer Builds => fixture.Server;

    private AccountsApiServer Api => fixture.Server.Api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task A_failed_build_is_built_again_with_the_same_spec_submitted_by_the_caller()
    {
        var alice = await Api.NewUserAsync("alice");
        var bob = await Api.NewUserAsync("bob");
        await Api.Store.GrantAsync($"{alice.Name}/app", Grantee.Account(bob.Name), RepositoryAccess.Write, Ct);
        var context = ContextArchives.TarGz(("build/Dockerfile", "LOG first try\nARG VERSION\nFAIL flaky"), ("app.txt", "app"));
        var id = await Builds.SubmitAsync(alice, context, $"repository={alice.Name}/app&tag=1&tag=stable&dockerfile=build/Dockerfile&target=final&buildArg=VERSION=3&noCache=true");
        var failed = await Builds.WaitAsync(alice, id);
        Assert.Equal("failed", failed["state"]!.GetValue<string>());

        using var response = await Api.SendAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", bob, null);
        var retry = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var retryId = retry["id"]!.GetValue<long>();
        Assert.NotEqual(id, retryId);
        Assert.Equal($"/api/v1/builds/{retryId}", response.Headers.Location?.ToString());
        Assert.Equal("retry", retry["reason"]!.GetValue<string>());
        Assert.Equal(bob.Name, retry["requestedBy"]!.GetValue<string>());
        foreach (var field in new[] { "repository", "tags", "context", "contextDigest", "dockerfile", "target", "buildArgs", "noCache" })
        {
            Assert.True(JsonNode.DeepEquals(failed[field], retry[field]), $"{field}: {failed[field]} → {retry[field]}");
        }

        Assert.Equal("failed", (await Builds.WaitAsync(bob, retryId))["state"]!.GetValue<string>()); // the same Dockerfile fails the same way
        var log = await Builds.LogAsync(bob, retryId);
        Assert.StartsWith($"retry of build {id}, asked by {bob.Name}\n", log, StringComparison.Ordinal);
        Assert.Contains("VERSION=3\n", log, StringComparison.Ordinal);
        var audit = await Api.Store.ListAuditAsync(new AuditQuery { Actor = bob.Name }, Ct);
        Assert.Contains(audit, e => e.Action == AuditActions.BuildSubmitted && e.Detail == $"build {retryId}, a retry of build {id}");
    }

    [Fact]
    public async Task A_running_build_an_unknown_one_and_one_the_caller_may_not_push_are_refused()
    {
        var alice = await Api.NewUserAsync("alice");
        var carol = await Api.NewUserAsync("carol");
        var reader = await Api.TokenAsync(alice.Name, TokenScope.Read);
        var blocked = Builds.Builder.Blocked;
        var id = await Builds.SubmitAsync(alice, ContextArchives.TarGz(("Dockerfile", "BLOCK")), $"repository={alice.Name}/app");
        await blocked.Task.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        var running = await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, HttpStatusCode.Conflict);
        await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id + 100_000}/retry", alice, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", carol, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", reader, HttpStatusCode.NotFound);
        await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", null, HttpStatusCode.Unauthorized);

        Assert.Contains($"build {id} is running: only a build that has ended can be retried", running, StringComparison.Ordinal);
        await Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/cancel", alice, null);
        Assert.Equal("cancelled", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());
        var retry = await Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, null, HttpStatusCode.Accepted);
        await Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{retry["id"]!.GetValue<long>()}/cancel", alice, null);
    }

    [Fact]
    public async Task A_build_whose_context_was_collected_is_refused_in_one_line()
    {
        var alice = await Api.NewUserAsync("alice");
        var context = ContextArchives.TarGz(("Dockerfile", "LOG collected"), ("unique.txt", Guid.NewGuid().ToString()));
        var id = await Builds.SubmitAsync(alice, context, $"repository={alice.Name}/app");
        Assert.Equal("succeeded", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());
        await Api.Server.Services.GetRequiredService<IBlobStore>().DeleteAsync(Digest.Compute(context), Ct);

        var refused = await Api.ExpectAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, HttpStatusCode.Conflict);

        var detail = JsonNode.Parse(refused)!["detail"]!.GetValue<string>();
        Assert.Equal(
            $"build {id}'s context {Digest.Compute(context)} is no longer in the blob store (a context is collected once its build has ended): submit the build again",
            detail);
    }

    [Fact]
    public async Task A_triggers_build_is_retried_at_the_commit_it_built()
    {
        var alice = await Api.NewUserAsync("alice");
        var first = await _git.CommitAsync("first", ("Dockerfile", "LOG x"), ("app.txt", "v1"));
        var created = await Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice,
            $$"""{"repository":"{{alice.Name}}/app","gitUrl":"{{_git.Url}}","rules":[{"kind":"branch","source":"main","tag":"latest"}]}""", HttpStatusCode.Created);
        var trigger = created["trigger"]!["id"]!.GetValue<long>();
        // The generic form without "after": the build is of what main points at when the worker fetches it.
        using var delivery = await Api.Server.Client.SendAsync(
            WebhookDeliveries.Generic($"/api/v1/triggers/{trigger}/webhook", created["webhookSecret"]!.GetValue<string>(), "refs/heads/main"), Ct);
        var answer = JsonNode.Parse(await delivery.Content.ReadAsStringAsync(Ct))!;
        var id = answer["builds"]![0]!["buildId"]!.GetValue<long>();
        var built = await Builds.WaitAsync(alice, id);
        Assert.Equal(first, built["git"]!["commit"]!.GetValue<string>());
        await _git.CommitAsync("second", ("app.txt", "v2"));

        var retry = await Api.JsonAsync(HttpMethod.Post, $"/api/v1/builds/{id}/retry", alice, null, HttpStatusCode.Accepted);
        var rebuilt = await Builds.WaitAsync(alice, retry["id"]!.GetValue<long>());

        Assert.Equal("succeeded", rebuilt["state"]!.GetValue<string>());
        Assert.Equal(first, rebuilt["git"]!["ref"]!.GetValue<string>());
        Assert.Equal(first, rebuilt["git"]!["commit"]!.GetValue<string>());
        Assert.Equal(trigger, rebuilt["triggerId"]!.GetValue<long>());
        Assert.Equal("refs/heads/main", rebuilt["sourceRef"]!.GetValue<string>());
        Assert.Equal("retry", rebuilt["reason"]!.GetValue<string>());
        Assert.Equal("v1", (await PushedImage.FilesAsync(Api.Server.Services, $"{alice.Name}/app", "latest"))["app.txt"]);
    }
}
