using System.Net;
using System.Text.Json.Nodes;
using Wharf.Server.Tests.Api.Accounts;
using Wharf.Server.Tests.Builds;

namespace Wharf.Server.Tests.Triggers;

/// <summary>Automated builds end to end on a real server with a real git remote (<c>file://</c>, which the test server
/// allows): a trigger is made by the repository's admin, and each git host's push webhook, as that host signs it,
/// queues the build its rules give, which the workers run and push; a wrong signature, a replayed delivery, an unknown
/// trigger, a deleted branch and <c>[skip build]</c> each get their answer and build nothing.</summary>
public sealed class TriggerWebhookTests(BuildsServerFixture fixture) : IClassFixture<BuildsServerFixture>, IDisposable
{
    private readonly TestGitRepository _git = new();

    private BuildsServer Builds => fixture.Server;

    private HttpClient Client => Builds.Api.Server.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _git.Dispose();

    [Fact]
    public async Task A_github_push_to_main_builds_and_pushes_latest_with_docker_hubs_variables()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var commit = await _git.CommitAsync("first", ("Dockerfile", "LOG built by a trigger\nARG SOURCE_BRANCH\nARG DOCKER_TAG"), ("app.txt", "v1"));
        var (trigger, secret) = await CreateAsync(alice, """[{"kind":"branch","source":"main","tag":"latest"}]""");

        using var response = await Client.SendAsync(WebhookDeliveries.GitHub(Webhook(trigger), secret, "refs/heads/main", commit, "d-1", "first"), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var build = answer["builds"]![0]!;
        Assert.Equal("latest", build["tags"]![0]!.GetValue<string>());
        var ended = await Builds.WaitAsync(alice, build["buildId"]!.GetValue<long>());
        Assert.Equal("succeeded", ended["state"]!.GetValue<string>());
        Assert.Equal(trigger, ended["triggerId"]!.GetValue<long>());
        Assert.Equal("refs/heads/main", ended["sourceRef"]!.GetValue<string>());
        Assert.Equal("webhook", ended["reason"]!.GetValue<string>());
        Assert.Equal(commit, ended["git"]!["commit"]!.GetValue<string>());
        Assert.Equal("v1", (await PushedImage.FilesAsync(Builds.Api.Server.Services, $"{alice.Name}/app", "latest"))["app.txt"]);
        var request = Builds.Builder.Requests.Last(r => r.BuildArgs.GetValueOrDefault("SOURCE_COMMIT") == commit);
        Assert.Equal("main", request.BuildArgs["SOURCE_BRANCH"]);
        Assert.Equal("latest", request.BuildArgs["DOCKER_TAG"]);
        Assert.Equal($"127.0.0.1:{new Uri(Client.BaseAddress!.ToString()).Port}/{alice.Name}/app:latest", request.BuildArgs["IMAGE_NAME"]);
        Assert.Equal("first", request.BuildArgs["COMMIT_MSG"]);
    }

    [Fact]
    public async Task Each_hosts_format_and_signature_queue_the_rules_builds()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var commit = await _git.CommitAsync("first", ("Dockerfile", "LOG x"));
        await _git.GitAsync("tag", "v1.4.2");
        await _git.GitAsync("branch", "release-2.0");
        var (trigger, secret) = await CreateAsync(alice, """
            [{"kind":"branch","source":"main","tag":"latest"},
             {"kind":"tag","source":"/^v([0-9.]+)$/","tag":"{\\1}"},
             {"kind":"branch","source":"/^release-(.*)$/","tag":"rc-{\\1}"}]
            """);
        var url = Webhook(trigger);

        var tag = await SendAsync(WebhookDeliveries.Gitea(url, secret, "refs/tags/v1.4.2", commit, "gitea-1"));
        var rc = await SendAsync(WebhookDeliveries.Bitbucket(url, secret, "release-2.0", commit, "bb-1"));
        var main = await SendAsync(WebhookDeliveries.GitLab(url, secret, "refs/heads/main", commit, "gl-1"));
        var generic = await SendAsync(WebhookDeliveries.Generic(url, secret, "refs/heads/main"));

        Assert.Equal(["1.4.2"], Tags(tag));
        Assert.Equal(["rc-2.0"], Tags(rc));
        Assert.Equal(["latest"], Tags(main));
        Assert.Equal(["latest"], Tags(generic)); // no commit named: built from what main points at
        foreach (var answer in new[] { tag, rc, main, generic })
        {
            Assert.Equal("succeeded", (await Builds.WaitAsync(alice, answer["builds"]![0]!["buildId"]!.GetValue<long>()))["state"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Wrong_signatures_replays_unknown_triggers_deletions_and_skip_build_build_nothing()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var commit = await _git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var (trigger, secret) = await CreateAsync(alice, """[{"kind":"branch","source":"main","tag":"latest"}]""");
        var url = Webhook(trigger);
        var before = (await Builds.Queue.ListAsync($"{alice.Name}/app", null, 100, Ct)).Count;

        using var forged = await Client.SendAsync(WebhookDeliveries.GitHub(url, "not-the-secret", "refs/heads/main", commit, "x-1"), Ct);
        using var unknown = await Client.SendAsync(WebhookDeliveries.GitHub(Webhook(trigger + 100_000), secret, "refs/heads/main", commit, "x-2"), Ct);
        using var deleted = await Client.SendAsync(WebhookDeliveries.GitHub(url, secret, "refs/heads/main", WebhookDeliveries.Zeros, "x-3"), Ct);
        using var skipped = await Client.SendAsync(WebhookDeliveries.GitHub(url, secret, "refs/heads/main", commit, "x-4", "docs only [skip build]"), Ct);
        using var first = await Client.SendAsync(WebhookDeliveries.GitHub(url, secret, "refs/heads/main", commit, "x-5"), Ct);
        using var replay = await Client.SendAsync(WebhookDeliveries.GitHub(url, secret, "refs/heads/main", commit, "x-5"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("the push deleted it", await deleted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Contains("[skip build]", await skipped.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("delivery x-5 was received before", await replay.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before + 1, (await Builds.Queue.ListAsync($"{alice.Name}/app", null, 100, Ct)).Count);
    }

    [Fact]
    public async Task Only_an_admin_makes_a_trigger_and_its_secret_is_shown_once()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var bob = await Builds.Api.NewUserAsync("bob");
        await _git.CommitAsync("first", ("Dockerfile", "LOG x"));
        var body = $$"""{"repository":"{{alice.Name}}/app","gitUrl":"{{_git.Url}}"}""";

        await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/triggers", null, HttpStatusCode.Unauthorized, body);
        await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/triggers", bob, HttpStatusCode.Forbidden, body);
        var created = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", alice, body, HttpStatusCode.Created);

        var id = created["trigger"]!["id"]!.GetValue<long>();
        var secret = created["webhookSecret"]!.GetValue<string>();
        Assert.Equal(64, secret.Length);
        var shown = await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers/{id}", alice, HttpStatusCode.OK);
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        var rule = JsonNode.Parse(shown)!["rules"]![0]!; // no rules given: the remote's default branch builds latest
        Assert.Equal("main", rule["source"]!.GetValue<string>());
        Assert.Equal("latest", rule["tag"]!.GetValue<string>());
        await Builds.Api.ExpectAsync(HttpMethod.Get, $"/api/v1/triggers/{id}", bob, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""[{"kind":"branch","source":"main","tag":"{\\1}"}]""", "build rule 1: the tag template {\\1} uses {\\1}")]
    [InlineData("""[{"kind":"branch","source":"/(/","tag":"x"}]""", "build rule 1: the source /(/ is not a valid regular expression")]
    [InlineData("""[{"kind":"commit","source":"main","tag":"x"}]""", "build rule 1: kind must be branch or tag")]
    [InlineData("""[{"kind":"branch","source":"main","tag":"x","context":"../up"}]""", "build rule 1: context must be a relative path")]
    public async Task A_bad_rule_is_refused_naming_the_rule(string rules, string expected)
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var body = $$"""{"repository":"{{alice.Name}}/app","gitUrl":"{{_git.Url}}","rules":{{rules}}}""";

        var problem = await Builds.Api.ExpectAsync(HttpMethod.Post, "/api/v1/triggers", alice, HttpStatusCode.BadRequest, body);

        Assert.Contains(expected, JsonNode.Parse(problem)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_builds_in_a_row_turn_the_trigger_off_and_build_now_still_builds()
    {
        var alice = await Builds.Api.NewUserAsync("alice");
        var commit = await _git.CommitAsync("broken", ("Dockerfile", "FAIL broken on purpose"));
        var (trigger, secret) = await CreateAsync(alice, """[{"kind":"branch","source":"main","tag":"latest"}]""", disableAfterFailures: 2);

        foreach (var delivery in new[] { "f-1", "f-2" })
        {
            using var response = await Client.SendAsync(WebhookDeliveries.GitHub(Webhook(trigger), secret, "refs/heads/main", commit, delivery), Ct);
            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["builds"]![0]!["buildId"]!.GetValue<long>();
            Assert.Equal("failed", (await Builds.WaitAsync(alice, id))["state"]!.GetValue<string>());
        }

        using var refused = await Client.SendAsync(WebhookDeliveries.GitHub(Webhook(trigger), secret, "refs/heads/main", commit, "f-3"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var off = await Builds.Api.JsonAsync(HttpMethod.Get, $"/api/v1/triggers/{trigger}", alice, null);
        Assert.False(off["enabled"]!.GetValue<bool>());
        Assert.Equal(2, off["consecutiveFailures"]!.GetValue<int>());

        var fixedCommit = await _git.CommitAsync("fixed", ("Dockerfile", "LOG fixed"));
        var queued = await Builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/builds", alice, """{"ref":"main"}""", HttpStatusCode.Accepted);
        var built = await Builds.WaitAsync(alice, queued[0]!["buildId"]!.GetValue<long>());
        Assert.Equal("succeeded", built["state"]!.GetValue<string>());
        Assert.Equal(fixedCommit, built["git"]!["commit"]!.GetValue<string>());
        Assert.Equal("manual", built["reason"]!.GetValue<string>());
        var on = await Builds.Api.JsonAsync(HttpMethod.Post, $"/api/v1/triggers/{trigger}/enable", alice, null);
        Assert.True(on["enabled"]!.GetValue<bool>());
        Assert.Equal(0, on["consecutiveFailures"]!.GetValue<int>());
    }

    private async Task<(long Id, string Secret)> CreateAsync(ApiLogin who, string rules, int disableAfterFailures = 5)
    {
        var body = $$"""{"repository":"{{who.Name}}/app","gitUrl":"{{_git.Url}}","rules":{{rules}},"disableAfterFailures":{{disableAfterFailures}}}""";
        var created = await Builds.Api.JsonAsync(HttpMethod.Post, "/api/v1/triggers", who, body, HttpStatusCode.Created);
        return (created["trigger"]!["id"]!.GetValue<long>(), created["webhookSecret"]!.GetValue<string>());
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
            return JsonNode.Parse(text)!;
        }
    }

    private static List<string> Tags(JsonNode answer) => [.. answer["builds"]![0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>())];

    private static string Webhook(long trigger) => $"/api/v1/triggers/{trigger}/webhook";
}
